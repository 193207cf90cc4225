"""The importers by kind. Another app adds its sheet type with `register_importer`."""

from __future__ import annotations

from django.utils.translation import gettext

_IMPORTERS: dict[str, object] = {}
_builtin_done = False


def register_importer(importer) -> None:
    """Make an importer (an object with kind, label, spec, plan(), apply()) available."""
    _register_builtin()  # the registry's own kinds stay first in the list
    _IMPORTERS[importer.kind] = importer


def get_importer(kind: str):
    _register_builtin()
    try:
        return _IMPORTERS[kind]
    except KeyError:
        raise ValueError(f"unknown import kind {kind!r}") from None


def importer_choices() -> list[tuple[str, str]]:
    """The kinds the admin's registry import page offers (see `standalone_kinds`)."""
    _register_builtin()
    kinds = standalone_kinds()
    return [
        (kind, gettext(importer.label)) for kind, importer in _IMPORTERS.items() if kind in kinds
    ]


def standalone_kinds() -> list[str]:
    """Kinds loaded on their own from the registry import pages.

    An importer that needs a context (the quota sheet needs its round) says
    `standalone = False` and is uploaded, previewed and confirmed from its own page.
    """
    _register_builtin()
    return [kind for kind, imp in _IMPORTERS.items() if getattr(imp, "standalone", True)]


def _register_builtin() -> None:
    global _builtin_done
    if _builtin_done:
        return
    _builtin_done = True
    from registry.importing.participation_sheet import ParticipationImporter
    from registry.importing.registry_sheet import RegistryImporter

    _IMPORTERS.setdefault("registry", RegistryImporter())
    _IMPORTERS.setdefault("participation", ParticipationImporter())

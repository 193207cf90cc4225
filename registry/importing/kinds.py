"""The registry's own importers by kind: the registry sheet and participation.

Another app's sheet type (the allocation register of `allocations`) is not listed here:
the registry knows no rounds or quotas. That app builds its importer itself, with the
context it needs stored on the batch (`ImportBatch.context`), and hands it to
`import_file`, `import_batch_preview` and `import_batch_run` (`importer=`).
"""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext

# The ImportBatch kinds of the registry's own sheets (the importers' `kind`).
REGISTRY_KIND, PARTICIPATION_KIND = "registry", "participation"


@cache
def _importers() -> dict[str, object]:
    from registry.importing.participation_sheet import ParticipationImporter
    from registry.importing.registry_sheet import RegistryImporter

    return {importer.kind: importer for importer in (RegistryImporter(), ParticipationImporter())}


def get_importer(kind: str):
    try:
        return _importers()[kind]
    except KeyError:
        raise ValueError(f"unknown import kind {kind!r}") from None


def importer_choices() -> list[tuple[str, str]]:
    """The kinds the admin's registry import page offers."""
    return [(kind, gettext(importer.label)) for kind, importer in _importers().items()]


def standalone_kinds() -> list[str]:
    """Kinds loaded on their own from the registry import pages (their batches are listed
    there); other apps' batches are shown from their own pages."""
    return list(_importers())

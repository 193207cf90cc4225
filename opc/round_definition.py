"""A whole round definition file (docs/round-definition.md): the OPC/PSO part, and
`round_import`, the one service that imports a file.

It lives here because opc is the top app layer: the lowest one that can write every part
of a round (selection's round and rules, documents' letter, allocations' quotas, this
app's settings). It
calls each part by name; there is no registry of loaders.

OPC part: `"opc": {"max_products_per_producer": 2, "score_bands": [{"stars": 5, "min":
90, "max": 100}, …], "scoring_parts": [{"key", "name", "max": "20"}],
"scoring_parts_by_province": false, "timeline": {"briefing": {"start": "2022-03-31",
"end": "2022-03-31"}}}`; PSO part: `"pso": {"per_category": 1}`. They are checked with the
same rules as the settings page (`opc.rules`, `opc.validation`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.round_definition import QuotaLine, quotas_apply, quotas_parse
from changelog.models import ChangeSource
from documents.round_definition import letter_apply, letter_parse
from opc import rules
from opc.round_settings import settings_of, settings_write
from opc.services import ROUND_OPC_SETTINGS
from opc.validation import round_settings_problems
from registry.models import ProgramCode, Province
from selection.models import Round
from selection.round_definition import (
    DefinitionError,
    Reader,
    RoundPart,
    round_part_apply,
    round_part_parse,
)
from selection.services import round_change_record

OPC_KEYS = (
    "max_products_per_producer",
    "score_bands",
    "scoring_parts",
    "scoring_parts_by_province",
    "timeline",
)
PSO_KEYS = ("per_category",)


@dataclass(frozen=True)
class RoundDefinition:
    """A parsed, checked round definition file."""

    round: RoundPart
    letter: dict  # the letter's field names → values (documents.round_definition)
    quotas: list[QuotaLine]
    max_products_per_producer: int | None
    settings: rules.Settings  # OPC bands, parts, stages (defaults when the file has none)
    pso_per_category: int | None


@dataclass(frozen=True)
class RoundImport:
    round: Round
    outcome: str  # "created", "updated" or "kept"


def round_definition_parse(data) -> RoundDefinition:
    """Check a round definition (JSON text, bytes or the decoded object); raises
    `DefinitionError` with every problem and its JSON path, or its line for bad JSON."""
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise DefinitionError(
                [
                    (
                        _("บรรทัด %(line)s คอลัมน์ %(column)s")
                        % {"line": error.lineno, "column": error.colno},
                        _("ไม่ใช่ JSON ที่ถูกต้อง (%(reason)s)") % {"reason": error.msg},
                    )
                ]
            ) from None
    reader = Reader()
    part = round_part_parse(reader, data, ("letter", "quotas", "opc", "pso"))
    if not isinstance(data, dict):
        reader.check()
    letter = letter_parse(reader, data.get("letter", {}))
    quotas = quotas_parse(reader, data.get("quotas"))
    if part is not None:
        max_products, settings, per_category = _settings_parse(reader, data, part.program)
    reader.check()
    return RoundDefinition(part, letter, quotas, max_products, settings, per_category)


def _settings_parse(
    reader: Reader, data: dict, program: str
) -> tuple[int | None, rules.Settings, int | None]:
    for key, code in (("opc", ProgramCode.OPC), ("pso", ProgramCode.PSO)):
        if key in data and program != code:
            reader.problem(f"$.{key}", _("ใช้ได้เฉพาะรอบโครงการ %(program)s") % {"program": code})
    if program == ProgramCode.PSO and "pso" in data:
        pso = reader.want_object(data["pso"], "$.pso", PSO_KEYS) or {}
        per_category = reader.want_int(
            pso.get("per_category", rules.PSO_PER_CATEGORY), "$.pso.per_category", low=1, high=99
        )
        return None, rules.Settings(), per_category
    if program != ProgramCode.OPC or "opc" not in data:
        return None, rules.Settings(), None
    opc = reader.want_object(data["opc"], "$.opc", OPC_KEYS)
    if opc is None:
        return None, rules.Settings(), None
    max_products = reader.want_int(
        opc.get("max_products_per_producer"),
        "$.opc.max_products_per_producer",
        low=1,
        high=99,
        required=False,
    )
    settings = rules.Settings(parts_by_province=bool(opc.get("scoring_parts_by_province")))
    if "score_bands" in opc:
        bands = _bands(reader, opc["score_bands"])
        settings = replace(settings, bands=bands, bands_set=bool(bands))
    if "scoring_parts" in opc:
        parts = _parts(reader, opc["scoring_parts"])
        settings = replace(settings, parts=parts or rules.DEFAULT_PARTS, parts_set=bool(parts))
    if "timeline" in opc:
        timeline = _timeline(reader, opc["timeline"])
        if not reader.problems:
            settings = replace(settings, stages=rules.stages_from_timeline(timeline))
    if not reader.problems:
        for message in round_settings_problems(settings):
            reader.problem("$.opc", message)
    return max_products, settings, None


def _bands(reader: Reader, value) -> tuple[rules.Band, ...]:
    """score_bands, five stars first (as the settings page writes them)."""
    try:
        ordered = rules.validate_bands(rules.bands_from_dicts(value))
    except ValidationError as error:
        reader.problem("$.opc.score_bands", " ".join(error.messages))
        return ()
    return tuple(reversed(ordered))


def _parts(reader: Reader, value) -> tuple[rules.Part, ...]:
    try:
        return tuple(rules.validate_parts(rules.parts_from_dicts(value)))
    except (ValidationError, ArithmeticError) as error:
        messages = getattr(error, "messages", [str(error)])
        reader.problem("$.opc.scoring_parts", " ".join(messages))
        return ()


def _timeline(reader: Reader, value) -> dict:
    stages = dict(rules.STAGES)
    timeline = reader.want_object(value, "$.opc.timeline", tuple(stages)) or {}
    result = {}
    for key, entry in timeline.items():
        path = f"$.opc.timeline.{key}"
        entry = reader.want_object(entry, path, ("start", "end"))
        if key not in stages or entry is None:
            continue
        dates = {}
        for end in ("start", "end"):
            day = reader.want_date(entry.get(end), f"{path}.{end}")
            if not isinstance(day, dt.date | type(None)):
                reader.problem(f"{path}.{end}", _("วันของขั้นตอนต้องเป็นวันที่ ไม่ใช่วันนับจากวันนี้"))
            dates[end] = day.isoformat() if isinstance(day, dt.date) else None
        result[key] = dates
    return result


@transaction.atomic
def round_import(
    *,
    definition: RoundDefinition,
    slug: str | None = None,
    province: str | None = None,
    today: dt.date | None = None,
    user=None,
    source: str = ChangeSource.COMMAND,
) -> RoundImport:
    """Create the draft round of `definition` (or update it while it is still a draft):
    round and letter, rules, quotas, settings, in one transaction; a round that is no
    longer a draft is kept as it is (idempotent by slug). `slug` and `province` replace
    the file's (in another province the file's quotas are not imported: they name the
    file's districts); `today` resolves dates written as days from today (default: today)."""
    part = definition.round
    if province is not None and not Province.objects.filter(code=province).exists():
        raise ValidationError(_("ไม่พบจังหวัดรหัส '%(code)s'") % {"code": province})
    # Quotas name the districts of the file's province: another province gets none.
    quotas = definition.quotas if province in (None, part.province) else []
    round_, outcome = round_part_apply(
        part=part,
        slug=slug or part.slug,
        province=province or part.province,
        user=user,
        source=source,
    )
    if outcome == "kept":
        return RoundImport(round_, outcome)
    letter_apply(
        round_=round_,
        letter=definition.letter,
        deadline=part.deadline,
        today=today or timezone.localdate(),
        user=user,
        source=source,
    )
    quotas_apply(round_=round_, quotas=quotas, user=user, source=source)
    _settings_apply(round_=round_, definition=definition, user=user, source=source)
    return RoundImport(round_, outcome)


def _settings_apply(*, round_: Round, definition: RoundDefinition, user, source) -> None:
    before = settings_of(round_)
    round_.max_products_per_producer = definition.max_products_per_producer
    round_.full_clean()
    round_.save(update_fields=["max_products_per_producer", "updated_at"])
    if round_.program_id not in (ProgramCode.OPC, ProgramCode.PSO):
        return
    settings_write(
        round_=round_,
        settings=definition.settings,
        pso_per_category=definition.pso_per_category,
    )
    if round_.program_id == ProgramCode.OPC:
        round_change_record(
            round_=round_,
            action=ROUND_OPC_SETTINGS,
            before=before.as_logged(),
            after=definition.settings.as_logged(),
            user=user,
            source=source,
        )

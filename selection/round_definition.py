"""The round part of a round definition file (docs/round-definition.md): what a round is.

A round definition is a JSON object: program, fiscal year, province, title, deadline, the
circular letter's fields and the tiers of criteria (this module), the quotas
(`allocations.round_definition`) and the OPC/PSO settings (`opc.round_definition`, which
also holds `round_import`, the one service that imports a whole file). Each part is read
by its own app, and every problem is reported with the JSON path of the value
(`$.tiers[1].criteria[0].params`), so a person can find it in the file.

Parsing never touches the database except to look codes up; applying writes through the
apps' services (`round_set_rules` logs the rules, the letter fields are logged as one
`round.letter` change).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from changelog.models import ChangeSource
from registry.models import ProgramCode, Province
from selection.models import Program, Round, RoundStatus, Urgency
from selection.services import ROUND_LETTER, round_change_record, round_set_rules

FORMAT = 1

# The circular letter's fields as the file names them (the model's field names), and
# their kind: text, a date, or the list of enclosures.
LETTER_TEXT = (
    "letter_number",
    "urgency",
    "office_address",
    "subject",
    "addressee",
    "reference",
    "guidelines_title",
    "register_title",
    "signatory_name",
    "signatory_position",
    "owning_unit",
    "phone",
    "fax",
    "slogan",
)
LETTER_DATES = ("letter_date",)
LETTER_FIELDS = ("letter_number", "letter_date", *LETTER_TEXT[1:], "enclosures")
ROUND_KEYS = ("format", "slug", "program", "fiscal_year", "province", "province_name", "title")
ROUND_KEYS += ("deadline", "letter", "tiers")
CRITERION_KEYS = ("kind", "params", "explanation", "any_group")


class DefinitionError(ValidationError):
    """A round definition that cannot be imported: every problem with its JSON path."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__([f"{path}: {message}" for path, message in problems])

    def __str__(self):
        return "\n".join(self.messages)


@dataclass(frozen=True)
class DaysFromToday:
    """A date written relative to the day of the import ({"days_from_today": -7}): the
    demo round is dated around today. An exported round always has plain dates."""

    days: int

    def on(self, today: dt.date) -> dt.date:
        return today + dt.timedelta(days=self.days)


class Reader:
    """Walks a parsed JSON value and collects problems by path instead of stopping at
    the first one. Each `want_*` returns the value when it fits, else None."""

    def __init__(self):
        self.problems: list[tuple[str, str]] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def check(self) -> None:
        if self.problems:
            raise DefinitionError(self.problems)

    def want_object(self, value, path: str, allowed: tuple[str, ...]) -> dict | None:
        if not isinstance(value, dict):
            self.problem(path, _("ต้องเป็นออบเจกต์ JSON ({…})"))
            return None
        for key in value:
            if key not in allowed:
                self.problem(f"{path}.{key}", _("ไม่รู้จักช่องนี้"))
        return value

    def want_list(self, value, path: str) -> list | None:
        if not isinstance(value, list):
            self.problem(path, _("ต้องเป็นรายการ JSON ([…])"))
            return None
        return value

    def want_text(self, value, path: str, *, required: bool = False, limit: int = 0):
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(path, _("ต้องเป็นข้อความ") if not required else _("ต้องมีข้อความ"))
            return None
        if limit and len(value) > limit:
            self.problem(path, _("ยาวเกิน %(limit)s ตัวอักษร") % {"limit": limit})
            return None
        return value

    def want_int(self, value, path: str, *, low: int, high: int, required: bool = True):
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(path, _("ต้องเป็นจำนวนเต็ม %(low)s–%(high)s") % {"low": low, "high": high})
            return None
        return value

    def want_date(self, value, path: str):
        """null, "YYYY-MM-DD" (CE, as JSON dates are) or {"days_from_today": n}."""
        if value is None:
            return None
        if isinstance(value, dict) and set(value) == {"days_from_today"}:
            days = self.want_int(
                value["days_from_today"], f"{path}.days_from_today", low=-3660, high=3660
            )
            return None if days is None else DaysFromToday(days)
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(
            path,
            _('ต้องเป็นวันที่แบบ "2024-12-05" (ค.ศ.), {"days_from_today": 7} หรือ null'),
        )
        return None


@dataclass(frozen=True)
class RoundPart:
    """What selection keeps of a round. `tiers` is in the shape `round_set_rules` takes;
    `letter` maps the letter's field names to values (dates maybe `DaysFromToday`)."""

    slug: str
    program: str
    fiscal_year: int
    province: str
    title: str
    deadline: dt.date | DaysFromToday | None
    letter: dict = field(default_factory=dict)
    tiers: list[dict] = field(default_factory=list)


def round_part_parse(reader: Reader, data: dict, extra_keys: tuple[str, ...]) -> RoundPart | None:
    """The round part of `data` (the whole file's object). `extra_keys`: the top-level
    keys the other parts read, so they are not reported as unknown."""
    from selection.criteria import CRITERIA

    data = reader.want_object(data, "$", ROUND_KEYS + extra_keys)
    if data is None:
        return None
    if data.get("format") != FORMAT:
        reader.problem(
            "$.format",
            _("รูปแบบไฟล์ต้องเป็น %(format)s (พบ %(found)s)")
            % {"format": FORMAT, "found": data.get("format")},
        )
        return None
    slug = reader.want_text(data.get("slug"), "$.slug", required=True, limit=80)
    program = data.get("program")
    if program not in ProgramCode.values:
        reader.problem("$.program", _("ไม่รู้จักโครงการ '%(program)s'") % {"program": program})
    fiscal_year = reader.want_int(data.get("fiscal_year"), "$.fiscal_year", low=2500, high=2700)
    province = _province(reader, data)
    title = reader.want_text(data.get("title"), "$.title", required=True, limit=255)
    deadline = reader.want_date(data.get("deadline"), "$.deadline")
    letter = _letter(reader, data.get("letter", {}))
    tiers = []
    for t, tier in enumerate(reader.want_list(data.get("tiers"), "$.tiers") or []):
        path = f"$.tiers[{t}]"
        tier = reader.want_object(tier, path, ("title", "criteria"))
        if tier is None:
            continue
        criteria = []
        items = reader.want_list(tier.get("criteria"), f"{path}.criteria") or []
        if not items:
            reader.problem(f"{path}.criteria", _("ชั้นเกณฑ์ต้องมีเกณฑ์อย่างน้อย ๑ ข้อ"))
        for c, criterion in enumerate(items):
            where = f"{path}.criteria[{c}]"
            criterion = reader.want_object(criterion, where, CRITERION_KEYS)
            if criterion is None:
                continue
            kind = criterion.get("kind")
            if kind not in CRITERIA:
                reader.problem(f"{where}.kind", _("ไม่รู้จักชนิดเกณฑ์ '%(value)s'") % {"value": kind})
                continue
            params = criterion.get("params", {})
            if not isinstance(params, dict):
                reader.problem(f"{where}.params", _("ต้องเป็นออบเจกต์ JSON ({…})"))
                continue
            try:
                params = CRITERIA[kind].clean_params(dict(params))
            except ValidationError as error:
                reader.problem(f"{where}.params", " ".join(error.messages))
                continue
            entry = {
                "kind": kind,
                "params": params,
                "explanation": reader.want_text(
                    criterion.get("explanation"), f"{where}.explanation"
                ),
            }
            if criterion.get("any_group") is not None:
                entry["any_group"] = reader.want_int(
                    criterion["any_group"], f"{where}.any_group", low=1, high=99
                )
            criteria.append(entry)
        tiers.append(
            {
                "title": reader.want_text(tier.get("title"), f"{path}.title", limit=255),
                "criteria": criteria,
            }
        )
    if reader.problems:
        return None
    return RoundPart(slug, program, fiscal_year, province, title, deadline, letter, tiers)


def _province(reader: Reader, data: dict) -> str | None:
    code = data.get("province")
    province = Province.objects.filter(code=code).first() if isinstance(code, str) else None
    if province is None:
        reader.problem("$.province", _("ไม่พบจังหวัดรหัส '%(code)s'") % {"code": code})
        return None
    name = data.get("province_name")
    if name is not None and name != province.name_th:
        reader.problem(
            "$.province_name",
            _("จังหวัดรหัส %(code)s คือ %(name)s ไม่ใช่ %(given)s")
            % {"code": code, "name": province.name_th, "given": name},
        )
    return code


def _letter(reader: Reader, value) -> dict:
    letter = reader.want_object(value, "$.letter", LETTER_FIELDS)
    if letter is None:
        return {}
    values = {}
    for name in LETTER_TEXT:
        if name in letter:
            limit = Round._meta.get_field(name).max_length or 0
            values[name] = reader.want_text(letter[name], f"$.letter.{name}", limit=limit)
    if values.get("urgency") not in (None, *Urgency.values):
        reader.problem(
            "$.letter.urgency",
            _("ชั้นความเร็วต้องเป็น %(values)s")
            % {"values": ", ".join(v or '""' for v in Urgency.values)},
        )
    for name in LETTER_DATES:
        if name in letter:
            values[name] = reader.want_date(letter[name], f"$.letter.{name}")
    if "enclosures" in letter:
        enclosures = []
        for e, item in enumerate(
            reader.want_list(letter["enclosures"], "$.letter.enclosures") or []
        ):
            path = f"$.letter.enclosures[{e}]"
            item = reader.want_object(item, path, ("title", "count"))
            if item is not None:
                enclosures.append(
                    {
                        "title": reader.want_text(
                            item.get("title"), f"{path}.title", required=True
                        ),
                        "count": reader.want_text(item.get("count"), f"{path}.count"),
                    }
                )
        values["enclosures"] = enclosures
    return values


def _dated(value, today: dt.date):
    return value.on(today) if isinstance(value, DaysFromToday) else value


def round_part_apply(
    *,
    part: RoundPart,
    slug: str,
    province: str,
    today: dt.date,
    user=None,
    source: str = ChangeSource.COMMAND,
) -> tuple[Round, str]:
    """Create the draft round `slug`, or update it while it is a draft: returns the round
    and "created", "updated" or "kept" (a round someone has opened is left as it is).
    Letter fields the file leaves out take the model's defaults."""
    round_ = Round.objects.filter(slug=slug).first()
    if round_ is not None and round_.status != RoundStatus.DRAFT:
        return round_, "kept"
    outcome = "updated" if round_ else "created"
    round_ = round_ or Round(slug=slug)
    before = {name: getattr(round_, name) for name in ("deadline", *LETTER_FIELDS)}
    round_.program = Program.objects.get(code=part.program)
    round_.fiscal_year = part.fiscal_year
    round_.province_id = province
    round_.title = part.title
    round_.deadline = _dated(part.deadline, today)
    for name in LETTER_FIELDS:
        default = Round._meta.get_field(name).get_default()
        setattr(round_, name, _dated(part.letter.get(name, default), today))
    round_.full_clean()
    round_.save()
    round_change_record(
        round_=round_,
        action=ROUND_LETTER,
        before=before,
        after={name: getattr(round_, name) for name in before},
        user=user,
        source=source,
    )
    round_set_rules(round_=round_, tiers=part.tiers, user=user, source=source)
    return round_, outcome

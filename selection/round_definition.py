"""The round part of a round definition file (docs/round-definition.md): what a round is.

A round definition is a JSON object: program, fiscal year, province, title and the tiers
of criteria (this module), the deadline and the circular letter's fields
(`documents.round_definition`), the quotas
(`allocations.round_definition`) and the OPC/PSO settings (`opc.round_definition`, which
also holds `round_import`, the one service that imports a whole file). Each part is read
by its own app, and every problem is reported with the JSON path of the value
(`$.tiers[1].criteria[0].params`), so a person can find it in the file.

Parsing never touches the database except to look codes up; applying writes through the
apps' services (`round_set_rules` logs the rules).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from changelog.models import ChangeSource
from registry.models import ProgramCode, Province
from selection.models import Program, Round, RoundStatus
from selection.services import round_set_rules

FORMAT = 1

ROUND_KEYS = ("format", "slug", "program", "fiscal_year", "province", "province_name", "title")
ROUND_KEYS += ("deadline", "tiers")
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
    `deadline` is written with the letter that states it (`documents.round_definition`)."""

    slug: str
    program: str
    fiscal_year: int
    province: str
    title: str
    deadline: dt.date | DaysFromToday | None
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
    return RoundPart(slug, program, fiscal_year, province, title, deadline, tiers)


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


def round_part_apply(
    *,
    part: RoundPart,
    slug: str,
    province: str,
    user=None,
    source: str = ChangeSource.COMMAND,
) -> tuple[Round, str]:
    """Create the draft round `slug`, or update it while it is a draft: returns the round
    and "created", "updated" or "kept" (a round someone has opened is left as it is).
    The deadline is not set here: it is written, and logged, with the letter that states
    it (`documents.round_definition.letter_apply`)."""
    round_ = Round.objects.filter(slug=slug).first()
    if round_ is not None and round_.status != RoundStatus.DRAFT:
        return round_, "kept"
    outcome = "updated" if round_ else "created"
    round_ = round_ or Round(slug=slug)
    round_.program = Program.objects.get(code=part.program)
    round_.fiscal_year = part.fiscal_year
    round_.province_id = province
    round_.title = part.title
    round_.full_clean()
    round_.save()
    round_set_rules(round_=round_, tiers=part.tiers, user=user, source=source)
    return round_, outcome

"""Pure rules of OPC (OTOP Product Champion) and PSO rounds: no ORM, no request.

Score bands and fractional scores (decided here, tested at every boundary)
-------------------------------------------------------------------------
Bands are written in whole points, as people write them: 90–100 five stars, 80–89
four, 70–79 three, 50–69 two, 0–49 one. Committee points may have two decimals
(a part scored 17.5), so a total can fall between two written bands (89.5). A band
"80–89" reads "from 80 up to, but not reaching, 90": a score belongs to the band whose
minimum it has reached, and is **never rounded up**. So 89.5 and 89.99 give four stars,
90 gives five, 49.99 one star, 50 two. The top band ends at 100 inclusive.

Validation therefore asks for whole numbers, the lowest band starting at 0, the top
band ending at 100, and each band starting exactly one point after the previous one
ends (80–89 then 90–100): anything else is a gap or an overlap, reported in Thai.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts import rules as scope_rules
from registry.scope import province_code_of
from registry.thai import be_date_long, thai_digits
from selection.rules import CLOSED, DRAFT, OPEN

STEP = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")

# Used when a round has no max_products_per_producer of its own (seed 003: "ไม่เกิน ๒
# ผลิตภัณฑ์หลัก/ชุด").
DEFAULT_MAX_PRODUCTS_PER_PRODUCER = 2


@dataclass(frozen=True)
class Band:
    """A score band written in whole points: `min_score`–`max_score` give `stars`."""

    stars: int
    min_score: Decimal
    max_score: Decimal

    def as_dict(self) -> dict:
        return {"stars": self.stars, "min": int(self.min_score), "max": int(self.max_score)}


@dataclass(frozen=True)
class Part:
    """A scoring part of a round with its maximum points."""

    key: str
    name: str
    max_points: Decimal

    def as_dict(self) -> dict:
        """As written in a file and the change log: "20", "17.5" (no trailing zeros)."""
        return {
            "key": self.key,
            "name": self.name,
            "max": f"{Decimal(self.max_points).normalize():f}",
        }


# The commonly cited OPC cut-offs (DOMAIN.md): 90/80/70/50 for 5/4/3/2 stars.
DEFAULT_BANDS: tuple[Band, ...] = (
    Band(5, Decimal(90), Decimal(100)),
    Band(4, Decimal(80), Decimal(89)),
    Band(3, Decimal(70), Decimal(79)),
    Band(2, Decimal(50), Decimal(69)),
    Band(1, Decimal(0), Decimal(49)),
)

# The three parts of OPC scoring named in DOMAIN.md. No source we have gives their
# points: seed 003 stops at its stage 3 (the scoring criteria are in an enclosure the
# seed does not include) and DOMAIN.md names the parts only. 20/25/55 is a placeholder
# that adds up to 100; pages label it as a default the province must set
# (`parts_are_default`), and the round check warns until the province saves its own.
DEFAULT_PARTS: tuple[Part, ...] = (
    Part("production", "ด้านการผลิตและความเข้มแข็งของชุมชน", Decimal(20)),
    Part("marketing", "ด้านการตลาดและความเป็นมาของผลิตภัณฑ์", Decimal(25)),
    Part("quality", "ด้านคุณภาพของผลิตภัณฑ์", Decimal(55)),
)


def fmt_points(value: Decimal) -> str:
    """Points for a Thai message: whole numbers without decimals, in Thai digits."""
    value = Decimal(value)
    text = f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"
    return thai_digits(text)


def to_decimal(value, label: str = "คะแนน") -> Decimal:
    """A Decimal from a number or text; a Thai ValidationError if it is not a number."""
    if isinstance(value, Decimal):
        number = value
    else:
        if isinstance(value, float):
            value = repr(value)
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise ValidationError(_("%(label)s: ต้องเป็นตัวเลข") % {"label": label}) from None
    if not number.is_finite():
        raise ValidationError(_("%(label)s: ต้องเป็นตัวเลข") % {"label": label})
    return number


# ---------------------------------------------------------------- bands


def validate_bands(bands: Sequence[Band]) -> list[Band]:
    """Check the bands (see the module doc); return them from the lowest, or raise a
    ValidationError listing every problem in Thai."""
    if not bands:
        raise ValidationError(_("ต้องกำหนดช่วงคะแนนอย่างน้อย ๑ ช่วง"))
    errors: list[str] = []
    for band in bands:
        label = _("%(stars)s ดาว") % {"stars": thai_digits(band.stars)}
        if not 1 <= band.stars <= 5:
            errors.append(
                _("ระดับดาวต้องอยู่ระหว่าง ๑–๕ (พบ %(stars)s)") % {"stars": thai_digits(band.stars)}
            )
        if any(v != v.to_integral_value() for v in (band.min_score, band.max_score)):
            errors.append(_("ช่วงคะแนนของ %(band)s ต้องเป็นจำนวนเต็ม (เช่น ๘๐–๘๙)") % {"band": label})
        if band.min_score > band.max_score:
            errors.append(
                _("ช่วงคะแนนของ %(band)s: คะแนนต่ำสุด %(low)s มากกว่าคะแนนสูงสุด %(high)s")
                % {
                    "band": label,
                    "low": fmt_points(band.min_score),
                    "high": fmt_points(band.max_score),
                }
            )
    stars = [b.stars for b in bands]
    for level in sorted({s for s in stars if stars.count(s) > 1}):
        errors.append(_("ระดับ %(stars)s ดาว มีมากกว่า ๑ ช่วง") % {"stars": thai_digits(level)})
    if errors:
        raise ValidationError(errors)

    ordered = sorted(bands, key=lambda b: (b.min_score, b.max_score))
    if ordered[0].min_score < ZERO:
        errors.append(_("คะแนนต่ำสุดต้องไม่น้อยกว่า ๐"))
    elif ordered[0].min_score > ZERO:
        errors.append(
            _("ช่วงคะแนนไม่ครอบคลุม ๐–%(high)s: ช่วงต่ำสุดต้องเริ่มที่ ๐")
            % {"high": fmt_points(ordered[0].min_score - 1)}
        )
    for lower, upper in itertools.pairwise(ordered):
        expected = lower.max_score + 1
        if upper.min_score > expected:
            errors.append(
                _(
                    "ช่วงคะแนนขาดหาย: %(low)s–%(high)s ไม่อยู่ในระดับดาวใด "
                    "(ระหว่าง %(lower)s ดาว และ %(upper)s ดาว)"
                )
                % {
                    "low": fmt_points(expected),
                    "high": fmt_points(upper.min_score - 1),
                    "lower": thai_digits(lower.stars),
                    "upper": thai_digits(upper.stars),
                }
            )
        elif upper.min_score < expected:
            errors.append(
                _(
                    "ช่วงคะแนนซ้อนกัน: %(lower)s ดาว (%(lower_min)s–%(lower_max)s) "
                    "และ %(upper)s ดาว (%(upper_min)s–%(upper_max)s)"
                )
                % {
                    "lower": thai_digits(lower.stars),
                    "lower_min": fmt_points(lower.min_score),
                    "lower_max": fmt_points(lower.max_score),
                    "upper": thai_digits(upper.stars),
                    "upper_min": fmt_points(upper.min_score),
                    "upper_max": fmt_points(upper.max_score),
                }
            )
        if upper.stars < lower.stars:
            errors.append(
                _(
                    "คะแนนสูงกว่าต้องได้ดาวไม่น้อยกว่า: %(upper_min)s คะแนนได้ %(upper)s ดาว "
                    "แต่ %(lower_min)s คะแนนได้ %(lower)s ดาว"
                )
                % {
                    "upper_min": fmt_points(upper.min_score),
                    "upper": thai_digits(upper.stars),
                    "lower_min": fmt_points(lower.min_score),
                    "lower": thai_digits(lower.stars),
                }
            )
    if ordered[-1].max_score > HUNDRED:
        errors.append(_("คะแนนสูงสุดต้องไม่เกิน ๑๐๐"))
    elif ordered[-1].max_score < HUNDRED:
        errors.append(
            _("ช่วงคะแนนไม่ครอบคลุม %(low)s–๑๐๐: ช่วงสูงสุดต้องสิ้นสุดที่ ๑๐๐")
            % {"low": fmt_points(ordered[-1].max_score + 1)}
        )
    if errors:
        raise ValidationError(errors)
    return ordered


def stars_for_score(score, bands: Sequence[Band] = DEFAULT_BANDS) -> int:
    """The star level a total score gives: the band whose minimum the score has reached,
    never rounding up (89.5 → the 80–89 band). Raises a Thai ValidationError for a
    score outside 0–100."""
    value = to_decimal(score, "คะแนนรวม")
    if not ZERO <= value <= HUNDRED:
        raise ValidationError(
            _("คะแนนรวม %(score)s ต้องอยู่ระหว่าง ๐–๑๐๐") % {"score": fmt_points(value)}
        )
    for band in bands:
        top = band.max_score >= HUNDRED
        if band.min_score <= value and (
            value <= band.max_score if top else value < band.max_score + 1
        ):
            return band.stars
    raise ValidationError(
        _("คะแนน %(score)s ไม่อยู่ในช่วงคะแนนของระดับดาวใด") % {"score": fmt_points(value)}
    )


def bands_from_dicts(rows) -> tuple[Band, ...]:
    """Bands written as in a round definition file and the change log
    ([{stars, min, max}]). Not validated here (see `validate_bands`)."""
    try:
        return tuple(
            Band(int(b["stars"]), to_decimal(b["min"]), to_decimal(b["max"])) for b in rows
        )
    except (KeyError, TypeError, ValueError):
        raise ValidationError(_("ค่าตั้งช่วงคะแนนระดับดาวไม่ถูกต้อง")) from None


# ---------------------------------------------------------------- scoring parts


def validate_parts(parts: Sequence[Part]) -> list[Part]:
    """Parts have keys and names, positive maximums with at most two decimals, and the
    maximums add up to exactly 100 (the bands are on a 100-point scale)."""
    if not parts:
        raise ValidationError(_("ต้องมีส่วนการให้คะแนนอย่างน้อย ๑ ส่วน"))
    errors = []
    names = [p.name.strip() for p in parts]
    keys = [p.key.strip() for p in parts]
    if any(not name for name in names) or any(not key for key in keys):
        errors.append(_("ทุกส่วนการให้คะแนนต้องมีรหัสและชื่อ"))
    for name in sorted({n for n in names if n and names.count(n) > 1}):
        errors.append(_("ชื่อส่วนการให้คะแนนซ้ำ: %(name)s") % {"name": name})
    for key in sorted({k for k in keys if k and keys.count(k) > 1}):
        errors.append(_("รหัสส่วนการให้คะแนนซ้ำ: %(key)s") % {"key": key})
    for part in parts:
        if part.max_points <= 0:
            errors.append(_("คะแนนเต็มของ “%(part)s” ต้องมากกว่า ๐") % {"part": part.name})
        elif part.max_points != part.max_points.quantize(STEP):
            errors.append(_("คะแนนเต็มของ “%(part)s” ใช้ทศนิยมได้ไม่เกิน ๒ ตำแหน่ง") % {"part": part.name})
    total = sum((p.max_points for p in parts), ZERO)
    if total != HUNDRED:
        errors.append(
            _("คะแนนเต็มทุกส่วนรวมกันต้องเท่ากับ ๑๐๐ (ตอนนี้รวม %(total)s)") % {"total": fmt_points(total)}
        )
    if errors:
        raise ValidationError(errors)
    return list(parts)


def parts_from_dicts(rows) -> tuple[Part, ...]:
    """Parts written as in a round definition file and the change log ([{key, name, max}])."""
    try:
        return tuple(Part(str(p["key"]), str(p["name"]), to_decimal(p["max"])) for p in rows)
    except (KeyError, TypeError):
        raise ValidationError(_("ค่าตั้งส่วนการให้คะแนนไม่ถูกต้อง")) from None


def parts_default_note() -> str:
    points = "/".join(fmt_points(p.max_points) for p in DEFAULT_PARTS)
    return _(
        "คะแนนเต็มของส่วนการให้คะแนน (%(points)s) เป็นค่าเริ่มต้นของระบบ ไม่มีแหล่งอ้างอิง"
        "ในหนังสือสั่งการ: จังหวัดต้องกำหนดตามเกณฑ์การคัดสรรของปีนั้น"
    ) % {"points": points}


def parts_are_default(settings: Settings) -> bool:
    """The round still scores with the system's placeholder points (DEFAULT_PARTS) and
    the province has not saved its parts (`parts_by_province`)."""
    return not settings.parts_by_province and tuple(settings.parts) == DEFAULT_PARTS


def check_part_score(points, *, part: Part) -> Decimal:
    """One part's points: a number with at most two decimals, 0 ≤ points ≤ maximum."""
    value = to_decimal(points, f"คะแนน{part.name}")
    if value != value.quantize(STEP):
        raise ValidationError(f"คะแนน{part.name}: ใช้ทศนิยมได้ไม่เกิน ๒ ตำแหน่ง")
    if value < 0:
        raise ValidationError(f"คะแนน{part.name}: ต้องไม่ติดลบ")
    if value > part.max_points:
        maximum = fmt_points(part.max_points)
        raise ValidationError(
            f"คะแนน{part.name} {fmt_points(value)} เกินคะแนนเต็มของส่วนนี้ ({maximum})"
        )
    return value.quantize(STEP)


def total_score(points: Mapping[str, Decimal | None], parts: Sequence[Part]) -> Decimal | None:
    """The total when every part is scored, else None (each part checked)."""
    if any(points.get(part.key) is None for part in parts):
        return None
    return sum((check_part_score(points[p.key], part=p) for p in parts), ZERO)


# ---------------------------------------------------------------- applications


# An application's statuses, the values of opc.models.ApplicationStatus (rules take values).
SUBMITTED, SCORED, WITHDRAWN = "submitted", "scored", "withdrawn"

APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    SUBMITTED: {SCORED, WITHDRAWN},
    SCORED: {SCORED},
    WITHDRAWN: set(),
}


def application_may_become(current: str, target: str) -> bool:
    """Whether the table allows `current` → `target`: the pages ask it before offering a
    score form or a withdraw button, the services refuse the same moves."""
    return target in APPLICATION_TRANSITIONS.get(current, set())


def check_application_transition(current: str, target: str) -> None:
    if not application_may_become(current, target):
        raise ValidationError(f"เปลี่ยนสถานะใบสมัครจาก '{current}' เป็น '{target}' ไม่ได้")


def application_limit(value: int | None) -> int:
    return DEFAULT_MAX_PRODUCTS_PER_PRODUCER if value is None else value


def check_application_limit(*, used: int, limit: int | None) -> None:
    """A producer may send at most `limit` main products (or sets) to a round."""
    limit = application_limit(limit)
    if used >= limit:
        raise ValidationError(
            f"ผู้ผลิตรายนี้ส่งผลิตภัณฑ์เข้าคัดสรรครบ {thai_digits(limit)} ผลิตภัณฑ์หลัก/ชุด แล้ว "
            f"(ส่งแล้ว {thai_digits(used)}): ส่งเพิ่มไม่ได้"
        )


def free_slot(used_slots: Iterable[int], limit: int) -> int:
    """The lowest slot 1…limit not taken (the database keeps slots unique)."""
    taken = set(used_slots)
    for slot in range(1, limit + 1):
        if slot not in taken:
            return slot
    raise ValidationError(f"ผู้ผลิตรายนี้ส่งครบ {thai_digits(limit)} ผลิตภัณฑ์หลัก/ชุด แล้ว")


def check_application_products(
    *, is_set: bool, product_owners: Sequence[int], producer_id: int
) -> None:
    """A single application names one product; a set two or more; all the producer's."""
    if not product_owners:
        raise ValidationError(_("ต้องเลือกผลิตภัณฑ์อย่างน้อย ๑ รายการ"))
    if not is_set and len(product_owners) != 1:
        raise ValidationError(_("สมัครเป็นผลิตภัณฑ์เดี่ยวได้ ๑ ผลิตภัณฑ์: ถ้าหลายผลิตภัณฑ์ให้สมัครเป็นชุด"))
    if is_set and len(product_owners) < 2:
        raise ValidationError(_("ผลิตภัณฑ์ชุดต้องมีอย่างน้อย ๒ ผลิตภัณฑ์"))
    if any(owner != producer_id for owner in product_owners):
        raise ValidationError(_("ผลิตภัณฑ์ทุกรายการต้องเป็นของผู้ผลิตที่สมัคร"))


def may_enter_for(
    *,
    role: str,
    is_admin: bool,
    user_district: str | None,
    user_province: str | None,
    district_code: str,
) -> bool:
    """District officers enter for their district, provincial staff for their province:
    the district is within the user's working scope (accounts.rules, the one rule)."""
    return scope_rules.may(
        role=scope_rules.ADMIN if is_admin else role,
        province=user_province,
        district=user_district,
        access=scope_rules.WORK,
        object_province=province_code_of(district_code),
        object_district=district_code,
    )


# ---------------------------------------------------------------- stages (seed 003)


STAGES: tuple[tuple[str, str], ...] = (
    ("committee", "แต่งตั้งคณะกรรมการดำเนินการคัดสรรฯ"),
    ("briefing", "ประชุมชี้แจงทำความเข้าใจผู้ที่เกี่ยวข้อง"),
    ("publicity", "ประชาสัมพันธ์"),
    ("applications", "รับสมัครผลิตภัณฑ์เข้ารับการคัดสรร"),
    ("scoring", "คณะกรรมการพิจารณาให้ค่าคะแนน"),
    ("announcement", "ประกาศผลการคัดสรร"),
)


@dataclass(frozen=True)
class StageDates:
    key: str
    label: str
    starts_on: dt.date | None
    ends_on: dt.date | None


def _date(value, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f"{label}: วันที่ไม่ถูกต้อง ({value})") from None


def stages_from_timeline(timeline: Mapping | None) -> tuple[StageDates, ...]:
    """The six stages of seed 003 with the dates of a timeline written as in a round
    definition file and the change log ({key: {start, end}}, ISO dates)."""
    timeline = timeline or {}
    stages = []
    for key, label in STAGES:
        entry = timeline.get(key) or {}
        stages.append(
            StageDates(
                key,
                label,
                _date(entry.get("start"), label),
                _date(entry.get("end"), label),
            )
        )
    return tuple(stages)


def stages_timeline(stages: Iterable[StageDates]) -> dict:
    """The dated stages as {key: {start, end}} (ISO dates), the file's and log's shape."""
    return {
        s.key: {
            "start": s.starts_on.isoformat() if s.starts_on else None,
            "end": s.ends_on.isoformat() if s.ends_on else None,
        }
        for s in stages
        if s.starts_on or s.ends_on
    }


UNDATED_STAGES: tuple[StageDates, ...] = tuple(
    StageDates(key, label, None, None) for key, label in STAGES
)


@dataclass(frozen=True)
class Settings:
    """An OPC round's settings as the opc models store them (`opc.models.OpcSettings`,
    `ScoreBand`, `ScoringPart`, `Stage`): the system's defaults where the round stores
    none (`bands_set` / `parts_set` say whether it stores its own)."""

    bands: tuple[Band, ...] = DEFAULT_BANDS
    parts: tuple[Part, ...] = DEFAULT_PARTS
    stages: tuple[StageDates, ...] = UNDATED_STAGES
    parts_by_province: bool = False
    bands_set: bool = False
    parts_set: bool = False

    def as_logged(self) -> dict:
        """The change log's (and round definition file's) shape, keys the round stores."""
        logged: dict = {}
        if self.bands_set:
            logged["score_bands"] = [b.as_dict() for b in self.bands]
        if self.parts_set:
            logged["scoring_parts"] = [p.as_dict() for p in self.parts]
        if self.parts_by_province:
            logged["scoring_parts_by_province"] = True
        timeline = stages_timeline(self.stages)
        if timeline:
            logged["timeline"] = timeline
        return logged


def settings_from_dict(data: Mapping | None) -> Settings:
    """Settings written as in a round definition file's "opc" part (score_bands,
    scoring_parts, scoring_parts_by_province, timeline). Not validated here."""
    data = data or {}
    return Settings(
        bands=bands_from_dicts(data["score_bands"]) if data.get("score_bands") else DEFAULT_BANDS,
        parts=parts_from_dicts(data["scoring_parts"])
        if data.get("scoring_parts")
        else DEFAULT_PARTS,
        stages=stages_from_timeline(data.get("timeline")),
        parts_by_province=bool(data.get("scoring_parts_by_province")),
        bands_set=bool(data.get("score_bands")),
        parts_set=bool(data.get("scoring_parts")),
    )


def check_stages(stages: Iterable[StageDates]) -> list[str]:
    """Stage dates in order: each ends on or after it starts, and each starts on or
    after the previous dated stage started. Returns Thai messages (empty: fine)."""
    problems = []
    previous: StageDates | None = None
    for stage in stages:
        if stage.starts_on and stage.ends_on and stage.ends_on < stage.starts_on:
            problems.append(
                _("%(stage)s: วันสิ้นสุด %(end)s อยู่ก่อนวันเริ่ม %(start)s")
                % {
                    "stage": stage.label,
                    "end": be_date_long(stage.ends_on),
                    "start": be_date_long(stage.starts_on),
                }
            )
        if stage.starts_on is None:
            continue
        if previous and stage.starts_on < previous.starts_on:
            problems.append(
                _("%(stage)s (%(start)s) อยู่ก่อน%(previous)s (%(previous_start)s)")
                % {
                    "stage": stage.label,
                    "start": be_date_long(stage.starts_on),
                    "previous": previous.label,
                    "previous_start": be_date_long(previous.starts_on),
                }
            )
        previous = stage
    return problems


# ---------------------------------------------------------------- round status and windows
#
# What a round's status allows (decided for issue 7, see docs/adr/0014-opc-scoring-and-
# publishing.md): a draft round is being prepared by provincial staff (settings, the
# committee) and takes no applications, scores or PSO picks; an open round takes them;
# a closed round is read-only. The dated stages then narrow an open round: applications
# only inside the "applications" stage, scores (first scores and corrections alike) only
# inside the "scoring" stage. A stage without dates does not gate; a stage with only a
# start (or only an end) gates on that side. Both ends are inclusive (whole days, the
# site's time zone).


def check_round_accepts(status: str, *, doing: str) -> None:
    """`doing` (a Thai verb phrase, e.g. "บันทึกใบสมัคร") needs an open round."""
    if status == DRAFT:
        raise ValidationError(_("รอบนี้ยังเป็นร่าง: %(doing)sได้เมื่อจังหวัดเปิดรอบแล้ว") % {"doing": doing})
    if status == CLOSED:
        raise ValidationError(_("รอบนี้ปิดแล้ว: %(doing)sไม่ได้ (ดูได้อย่างเดียว)") % {"doing": doing})
    if status != OPEN:
        raise ValidationError(_("สถานะรอบ '%(status)s' ไม่ถูกต้อง") % {"status": status})


def round_editable(status: str) -> bool:
    """Settings and the committee may change while the round is draft or open."""
    return status != CLOSED


def check_round_editable(status: str) -> None:
    """Refuse a change of settings or committee once the round is closed."""
    if not round_editable(status):
        raise ValidationError(_("รอบนี้ปิดแล้ว: แก้ไขไม่ได้ (ดูได้อย่างเดียว)"))


def stage_window_text(stage: StageDates) -> str:
    """The stage's dates in Thai (BE, Thai digits): "๑ เมษายน ๒๕๖๕ ถึง ๓๐ เมษายน ๒๕๖๕"."""
    start, end = stage.starts_on, stage.ends_on
    if start and end:
        if start == end:
            return _("วันที่ %(date)s") % {"date": be_date_long(start)}
        return _("ตั้งแต่วันที่ %(start)s ถึงวันที่ %(end)s") % {
            "start": be_date_long(start),
            "end": be_date_long(end),
        }
    if start:
        return _("ตั้งแต่วันที่ %(date)s") % {"date": be_date_long(start)}
    if end:
        return _("ถึงวันที่ %(date)s") % {"date": be_date_long(end)}
    return _("ยังไม่กำหนดวัน")


def in_stage_window(stage: StageDates, today: dt.date) -> bool:
    """Inside the stage's dates (inclusive); an undated stage does not gate."""
    if stage.starts_on and today < stage.starts_on:
        return False
    return not (stage.ends_on and today > stage.ends_on)


def check_stage_window(stage: StageDates, *, today: dt.date, doing: str) -> None:
    """Refuse `doing` outside the dated stage, naming the dates and today in Thai."""
    if in_stage_window(stage, today):
        return
    when = _("ยังไม่ถึงช่วง") if stage.starts_on and today < stage.starts_on else _("พ้นช่วง")
    raise ValidationError(
        _("%(doing)sได้เฉพาะช่วง%(stage)s %(window)s: วันนี้ (%(today)s) %(when)s%(stage)s")
        % {
            "doing": doing,
            "stage": stage.label,
            "window": stage_window_text(stage),
            "today": be_date_long(today),
            "when": when,
        }
    )


def stage_of(stages: Iterable[StageDates], key: str) -> StageDates:
    return next(s for s in stages if s.key == key)


def check_entry(
    *,
    status: str,
    stages: Iterable[StageDates],
    doing: str,
    today: dt.date,
    stage: str | None = None,
) -> None:
    """An entry (`doing`) needs an open round and, if `stage` is dated, today inside it."""
    check_round_accepts(status, doing=doing)
    if stage:
        window = stage_of(stages, stage)
        check_stage_window(window, today=today, doing=doing)


def check_deadline_in_stage(stages: Iterable[StageDates], deadline: dt.date | None) -> list[str]:
    """The letter's deadline (the round's `deadline`: the last day to send applications)
    should fall inside the dated applications stage, or entries would be refused before
    the letter's date, or the letter would promise a day the system refuses."""
    applications = stage_of(stages, "applications")
    if deadline is None or in_stage_window(applications, deadline):
        return []
    return [
        _(
            "กำหนดส่งของหนังสือ (%(deadline)s) ไม่อยู่ในช่วง%(stage)s (%(window)s): "
            "แก้กำหนดส่งหรือวันของขั้นตอนรับสมัครให้ตรงกัน"
        )
        % {
            "deadline": be_date_long(deadline),
            "stage": applications.label,
            "window": stage_window_text(applications),
        }
    ]


# ---------------------------------------------------------------- publishing


@dataclass(frozen=True)
class PublishPlan:
    """What publishing changes: product ids to create, to update, left unchanged, and
    ratings this round published before that no longer have a result (to remove)."""

    create: dict[int, tuple[int, Decimal]]
    update: dict[int, tuple[int, Decimal]]
    unchanged: list[int]
    remove: list[int]


def plan_publish(
    results: Mapping[int, tuple[int, Decimal]],
    existing: Mapping[int, tuple[int, Decimal | None]],
    previously_published: Mapping[int, tuple[int, Decimal]] | None = None,
) -> PublishPlan:
    """Compare the round's results {product: (stars, score)} with the registry's ratings
    of that year: only what differs is written. A rating this round published earlier
    whose product has no result any more is removed, but only if the registry still
    holds what the round wrote (a rating someone changed since is left alone)."""
    create, update, unchanged = {}, {}, []
    for product_id, (stars, score) in results.items():
        if product_id not in existing:
            create[product_id] = (stars, score)
        elif existing[product_id] != (stars, score):
            update[product_id] = (stars, score)
        else:
            unchanged.append(product_id)
    remove = [
        pid
        for pid, value in (previously_published or {}).items()
        if pid not in results and existing.get(pid) == value
    ]
    return PublishPlan(create, update, sorted(unchanged), sorted(remove))


# ---------------------------------------------------------------- PSO


PSO_PER_CATEGORY = 1


def check_pso_pick(
    *, category: str, product_category: str, already_picked: bool, remark: str
) -> None:
    """One product per category; the product is of that category; a remark is written."""
    errors = []
    if product_category != category:
        errors.append(_("ผลิตภัณฑ์ไม่ได้อยู่ในประเภทที่เลือก"))
    if already_picked:
        errors.append(_("ประเภทนี้เลือกผลิตภัณฑ์แล้ว (ประเภทละ ๑ ผลิตภัณฑ์): ยกเลิกรายการเดิมก่อน"))
    if not remark.strip():
        errors.append(_("ต้องระบุเหตุผลที่เป็นผลิตภัณฑ์อัตลักษณ์ของจังหวัด"))
    if errors:
        raise ValidationError(errors)

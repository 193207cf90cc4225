"""Pure rules of rounds: status transitions and the checks of a round before it opens.

No ORM and no request here: the functions take values and return `Issue`s (or raise
`ValidationError`), so each check is tested with plain values. `selection.validation`
gathers the values from the database and calls them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry.thai import arabic_digits, be_date_long, fiscal_year, thai_digits

ERROR = "error"
WARNING = "warning"

# OTOP began in 2544; a round further back than that is a typo.
FIRST_OTOP_YEAR = 2544
# A rule looking further back than this is suspicious (a copied letter, a typo).
OLD_YEAR_SPAN = 20


@dataclass(frozen=True)
class Issue:
    """One finding of the round validation; errors block opening, warnings do not."""

    code: str
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


# ---------------------------------------------------------------- status


# A round's statuses, the values of selection.models.RoundStatus (rules take values).
DRAFT, OPEN, CLOSED = "draft", "open", "closed"

STATUS_TRANSITIONS: dict[str, set[str]] = {
    DRAFT: {OPEN},
    OPEN: {CLOSED},
    CLOSED: {OPEN},
}


def next_status(current: str) -> str | None:
    """The one status a round in `current` may move to (the round page offers it as its
    button), or None when the table allows none or leaves a choice."""
    targets = STATUS_TRANSITIONS.get(current, set())
    return next(iter(targets)) if len(targets) == 1 else None


def check_transition(current: str, target: str) -> None:
    """Raise ValidationError (Thai) unless the round may move from `current` to `target`."""
    if target not in STATUS_TRANSITIONS.get(current, set()):
        raise ValidationError(
            _("เปลี่ยนสถานะรอบจาก '%(current)s' เป็น '%(target)s' ไม่ได้")
            % {"current": current, "target": target}
        )


# ---------------------------------------------------------------- letter and dates


def check_deadline_change(
    *, status: str, old: dt.date | None, new: dt.date | None, today: dt.date
) -> None:
    """Refuse to move an open round's deadline into the past.

    A district may not nominate or submit after the deadline, so a past date on an open
    round locks every district out at once (it happened through the letter editor). To
    stop taking nominations the province closes the round; to give one district more
    time it reopens that district. A past deadline kept unchanged, or set on a draft or
    closed round (a letter copied from an earlier year), is fine.
    """
    if status != "open" or new is None or new == old or new >= today:
        return
    raise ValidationError(
        {
            "deadline": _(
                "กำหนดส่ง %(deadline)s เป็นวันที่ผ่านมาแล้ว: รอบนี้เปิดรับรายชื่ออยู่ "
                "ถ้าบันทึก ทุกอำเภอจะเสนอและส่งรายชื่อไม่ได้ทันที กรุณากำหนดตั้งแต่วันนี้ "
                "(%(today)s) เป็นต้นไป ถ้าต้องการหยุดรับรายชื่อให้ปิดรอบ "
                "ถ้าต้องการให้บางอำเภอส่งหลังกำหนด ให้เปิดให้แก้ไขเฉพาะอำเภอนั้น"
            )
            % {"deadline": be_date_long(new), "today": be_date_long(today)}
        }
    )


def deadline_after_letter(letter_date: dt.date, deadline: dt.date) -> bool:
    """A return deadline must fall after the letter's date, never on it: the letter
    reaches the districts on its date at the earliest, and they need days to check the
    registry and reply (seed 000, dated 6 Nov 2561, asks for names by 12 Nov). The one
    check of this boundary: the letter editor and the round's validation both ask here."""
    return deadline > letter_date


def check_dates(
    *, fiscal_year_be: int, letter_date: dt.date | None, deadline: dt.date | None
) -> list[Issue]:
    """The letter date and the deadline: both set, the deadline after the letter, and
    the deadline not in an earlier fiscal year than the round's."""
    issues = []
    if letter_date is None:
        issues.append(Issue("letter_date_missing", _("ยังไม่ได้ระบุวันที่ของหนังสือ")))
    if deadline is None:
        issues.append(Issue("deadline_missing", _("ยังไม่ได้กำหนดวันส่งรายชื่อ")))
    if letter_date and deadline and not deadline_after_letter(letter_date, deadline):
        issues.append(
            Issue(
                "deadline_before_letter",
                _("กำหนดส่ง %(deadline)s ไม่อยู่หลังวันที่ของหนังสือ %(letter_date)s")
                % {"deadline": be_date_long(deadline), "letter_date": be_date_long(letter_date)},
            )
        )
    if deadline and fiscal_year(deadline) < fiscal_year_be:
        issues.append(
            Issue(
                "deadline_before_fiscal_year",
                _("กำหนดส่ง %(deadline)s อยู่ในปีงบประมาณ %(year)s ก่อนปีงบประมาณของรอบ %(fy)s")
                % {
                    "deadline": be_date_long(deadline),
                    "year": thai_digits(fiscal_year(deadline)),
                    "fy": thai_digits(fiscal_year_be),
                },
            )
        )
    return issues


_YEAR_RE = re.compile(r"(?<!\d)(2[5-6]\d\d)(?!\d)")


def years_in(text: str) -> list[int]:
    """The BE years (2500–2699) written in a text, in Thai or Arabic digits."""
    return [int(y) for y in _YEAR_RE.findall(arabic_digits(text or ""))]


def check_document_years(*, fiscal_year_be: int, texts: Mapping[str, str]) -> list[Issue]:
    """Headings of the letter and its enclosures must name the round's fiscal year.

    Seed 001's allocation register says ประจำปี ๒๕๖๗ while the round is FY 2568.
    `texts` maps a Thai label ("ทะเบียนจัดสรร") to the heading.
    """
    issues = []
    for label, text in texts.items():
        for year in sorted(set(years_in(text))):
            if year != fiscal_year_be:
                issues.append(
                    Issue(
                        "document_year_mismatch",
                        _("%(label)sระบุปี %(year)s แต่รอบนี้เป็นปีงบประมาณ %(fy)s")
                        % {
                            "label": _(label),
                            "year": thai_digits(year),
                            "fy": thai_digits(fiscal_year_be),
                        },
                    )
                )
    return issues


def provinces_named(text: str, province_names: Iterable[str]) -> list[str]:
    """Province names written after "จังหวัด" in a text (the longest name that fits)."""
    names = sorted(province_names, key=len, reverse=True)
    found = []
    for match in re.finditer(r"จังหวัด\s*", text or ""):
        rest = text[match.end() :]
        for name in names:
            if rest.startswith(name):
                found.append(name)
                break
    return found


def check_province_mentions(
    *, province_name: str, texts: Mapping[str, str], province_names: Iterable[str]
) -> list[Issue]:
    """Every province the letter names must be the round's own.

    Seed 000 is headed Chiang Mai, but its guidelines name Chachoengsao: a letter
    copied from another province.
    """
    province_names = list(province_names)
    issues = []
    for label, text in texts.items():
        for name in dict.fromkeys(provinces_named(text, province_names)):
            if name != province_name:
                issues.append(
                    Issue(
                        "province_mismatch",
                        _("%(label)sระบุจังหวัด%(name)s แต่รอบนี้เป็นของจังหวัด%(province)s")
                        % {"label": _(label), "name": name, "province": province_name},
                    )
                )
    return issues


# ---------------------------------------------------------------- years of the rules


def check_rule_years(
    *, fiscal_year_be: int, current_year_be: int, rule_years: Iterable[tuple[str, int]]
) -> list[Issue]:
    """The round's fiscal year and every year its rules name must be sane.

    `rule_years` is (Thai description of the rule, year). A rule may look at the
    round's own fiscal year (seed 001: "not a QD target in FY 2568") but not later.
    """
    issues = []
    if not FIRST_OTOP_YEAR <= fiscal_year_be <= current_year_be + 2:
        issues.append(
            Issue(
                "fiscal_year_insane",
                _("ปีงบประมาณ %(fy)s ไม่อยู่ในช่วงที่เป็นไปได้ (%(low)s–%(high)s)")
                % {
                    "fy": thai_digits(fiscal_year_be),
                    "low": thai_digits(FIRST_OTOP_YEAR),
                    "high": thai_digits(current_year_be + 2),
                },
            )
        )
    for text, year in rule_years:
        if year > fiscal_year_be:
            issues.append(
                Issue(
                    "rule_year_after_round",
                    _("เกณฑ์ “%(text)s” ใช้ปี %(year)s ซึ่งอยู่หลังปีงบประมาณของรอบ %(fy)s")
                    % {"text": text, "year": thai_digits(year), "fy": thai_digits(fiscal_year_be)},
                )
            )
        elif year < fiscal_year_be - OLD_YEAR_SPAN:
            issues.append(
                Issue(
                    "rule_year_old",
                    _(
                        "เกณฑ์ “%(text)s” ใช้ปี %(year)s ก่อนปีงบประมาณของรอบเกิน %(span)s ปี: "
                        "ตรวจสอบว่าพิมพ์ถูกต้อง"
                    )
                    % {"text": text, "year": thai_digits(year), "span": thai_digits(OLD_YEAR_SPAN)},
                    WARNING,
                )
            )
    return issues


def check_tiers(tier_orders: list[int], criteria_counts: list[int]) -> list[Issue]:
    """A round needs tier 1, tiers numbered 1, 2, 3… and no empty tier."""
    issues = []
    if not tier_orders:
        return [Issue("no_tiers", _("รอบนี้ยังไม่มีเกณฑ์การคัดเลือก"))]
    if sorted(tier_orders) != list(range(1, len(tier_orders) + 1)):
        issues.append(Issue("tier_gap", _("ลำดับชั้นเกณฑ์ต้องเรียง ๑, ๒, ๓ … ต่อเนื่องกัน")))
    for order, count in zip(tier_orders, criteria_counts, strict=True):
        if count == 0:
            issues.append(
                Issue(
                    "empty_tier",
                    _("ชั้นเกณฑ์ที่ %(order)s ยังไม่มีเกณฑ์") % {"order": thai_digits(order)},
                )
            )
    return issues

"""Thai formatting: Thai digits, Buddhist Era dates and the Thai fiscal year.

Pure functions with no database and no request, used by templates (registry.templatetags.thai),
documents and importers. A small module of our own rather than pythainlp: see
docs/adr/0004-thai-date-helpers.md.

Conventions:
- BE (พุทธศักราช) = CE + 543, for every date of the year (no pre-2484 April new year).
- The Thai government fiscal year (ปีงบประมาณ) runs 1 October – 30 September and is named
  by the BE year it ends in: 1 October 2024 starts FY 2568.
"""

from __future__ import annotations

import datetime as dt

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
BE_OFFSET = 543
FISCAL_YEAR_START_MONTH = 10

_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)

MONTHS_TH = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_TH_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)


def thai_digits(value: object) -> str:
    """The text of `value` with every Arabic digit written as a Thai digit (12 → ๑๒)."""
    return str(value).translate(_TO_THAI)


def arabic_digits(value: object) -> str:
    """The text of `value` with every Thai digit written as an Arabic digit (๑๒ → 12)."""
    return str(value).translate(_TO_ARABIC)


def parse_int(text: str | int) -> int:
    """A whole number from text in Thai or Arabic digits: "๒๕๖๗", " 2,567 ", "๑๒".

    Thousands separators and surrounding spaces are allowed. Raises ValueError with a
    Thai message for anything else ("", "๒๕.๖", "สาม").
    """
    if isinstance(text, bool):
        raise ValueError(f"ไม่ใช่ตัวเลขจำนวนเต็ม: {text!r}")
    if isinstance(text, int):
        return text
    cleaned = arabic_digits(str(text)).strip().replace(",", "")
    sign = -1 if cleaned.startswith("-") else 1
    digits = cleaned.lstrip("+-")
    if not digits or not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"ไม่ใช่ตัวเลขจำนวนเต็ม: '{text}'")
    return sign * int(digits)


def be_year(ce_year: int) -> int:
    """The Buddhist Era year of a Common Era year (2024 → 2567)."""
    return ce_year + BE_OFFSET


def ce_year(be_year_value: int) -> int:
    """The Common Era year of a Buddhist Era year (2567 → 2024)."""
    return be_year_value - BE_OFFSET


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    # A datetime is taken at its own wall-clock date; callers convert aware datetimes to
    # local time first (the template filters do), so this module needs no time zone.
    return value.date() if isinstance(value, dt.datetime) else value


def be_date_long(value: dt.date | dt.datetime, *, digits: str = "thai") -> str:
    """The date as official letters write it: "๕ ธันวาคม ๒๕๖๗".

    `digits="arabic"` gives "5 ธันวาคม 2567" for screens.
    """
    day = _as_date(value)
    text = f"{day.day} {MONTHS_TH[day.month - 1]} {be_year(day.year)}"
    return thai_digits(text) if digits == "thai" else text


def be_date_short(value: dt.date | dt.datetime, *, digits: str = "arabic") -> str:
    """The date in short form for tables and screens: "5 ธ.ค. 2567".

    `digits="thai"` gives "๕ ธ.ค. ๒๕๖๗" for documents.
    """
    day = _as_date(value)
    text = f"{day.day} {MONTHS_TH_ABBR[day.month - 1]} {be_year(day.year)}"
    return thai_digits(text) if digits == "thai" else text


def fiscal_year(value: dt.date | dt.datetime) -> int:
    """The BE fiscal year a date falls in: 2024-10-01 → 2568, 2024-09-30 → 2567."""
    day = _as_date(value)
    year = be_year(day.year)
    return year + 1 if day.month >= FISCAL_YEAR_START_MONTH else year


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a BE fiscal year: 2568 → (2024-10-01, 2025-09-30)."""
    end_ce = ce_year(fiscal_year_be)
    return dt.date(end_ce - 1, FISCAL_YEAR_START_MONTH, 1), dt.date(end_ce, 9, 30)


def days_left(deadline: dt.date | dt.datetime, today: dt.date | dt.datetime) -> int:
    """Whole days from `today` to `deadline`; negative once the deadline has passed."""
    return (_as_date(deadline) - _as_date(today)).days


def days_left_text(
    deadline: dt.date | dt.datetime, today: dt.date | dt.datetime, *, digits: str = "thai"
) -> str:
    """A deadline in words: "อีก ๓ วัน", "วันนี้", "พรุ่งนี้" or "เลยกำหนด ๒ วัน"."""
    days = days_left(deadline, today)
    if days == 0:
        return "วันนี้"
    if days == 1:
        return "พรุ่งนี้"
    text = f"อีก {days} วัน" if days > 0 else f"เลยกำหนด {-days} วัน"
    return thai_digits(text) if digits == "thai" else text

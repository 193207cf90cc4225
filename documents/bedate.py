"""Dates typed the way Thai officers type them: Buddhist Era years, Thai or Arabic digits.

Pure functions, no database. `parse_be_date` accepts

- 5/12/2567, 05-12-2567, 5.12.2567, 5/12/67 (two-digit years are BE: 67 → 2567),
- ๕/๑๒/๒๕๖๗ (Thai digits),
- 5 ธันวาคม 2567, 5 ธ.ค. 2567, 5 ธ.ค. 67, วันที่ 5 ธันวาคม พ.ศ. 2567,
- 2567-12-05 (BE year first),

and refuses, with a Thai message saying what to type, a Christian-era year (5/12/2024 is
almost always a slip: the letter would be dated 481 years early), a day that is not in
the calendar (31/2/2568) and anything else. `format_be_date` gives the form back its
text (5/12/2567), so a saved date shows in BE again.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError

from registry.thai import BE_OFFSET, MONTHS_TH, MONTHS_TH_ABBR, arabic_digits

EXAMPLE = "เช่น 5/12/2567 หรือ 5 ธ.ค. 2567"
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH_NAMES = {name: i for i, name in enumerate(MONTHS_TH, start=1)} | {
    abbr: i for i, abbr in enumerate(MONTHS_TH_ABBR, start=1)
}
_MONTH_NAMES |= {abbr.replace(".", ""): i for abbr, i in list(_MONTH_NAMES.items()) if "." in abbr}
_WORDS = re.compile(
    r"^(\d{1,2})\s*("
    + "|".join(re.escape(m) for m in sorted(_MONTH_NAMES, key=len, reverse=True))
    + r")\s*(?:พ\.?\s*ศ\.?\s*)?(\d{2}|\d{4})$"
)


def _be_year(text: str, original: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 2500 + year
    if 1900 <= year < 2400:
        raise ValidationError(
            f"ปี {year} ดูเหมือนเป็นปี ค.ศ. กรุณากรอกปีเป็น พ.ศ. (เช่น {year + BE_OFFSET}): '{original}'",
            code="ce_year",
        )
    if not 2400 <= year <= 2700:
        raise ValidationError(f"ปี พ.ศ. {year} ไม่อยู่ในช่วงที่ใช้ได้: '{original}'", code="year_range")
    return year


def _make(day: int, month: int, be_year: int, original: str) -> dt.date:
    try:
        return dt.date(be_year - BE_OFFSET, month, day)
    except ValueError:
        raise ValidationError(
            f"ไม่มีวันที่นี้ในปฏิทิน: '{original}' ({EXAMPLE})", code="no_such_day"
        ) from None


def parse_be_date(text: str) -> dt.date | None:
    """The date `text` names, or None for blank text; ValidationError (Thai) otherwise."""
    original = (text or "").strip()
    if not original:
        return None
    cleaned = re.sub(r"\s+", " ", arabic_digits(original)).strip()
    cleaned = re.sub(r"^วันที่\s*", "", cleaned)
    if match := _NUMERIC.match(cleaned):
        day, month, year = match.groups()
        return _make(int(day), int(month), _be_year(year, original), original)
    if match := _YEAR_FIRST.match(cleaned):
        year, month, day = match.groups()
        return _make(int(day), int(month), _be_year(year, original), original)
    if match := _WORDS.match(cleaned):
        day, month_name, year = match.groups()
        return _make(int(day), _MONTH_NAMES[month_name], _be_year(year, original), original)
    raise ValidationError(
        f"อ่านวันที่ '{original}' ไม่ได้ กรุณากรอก วัน/เดือน/ปี พ.ศ. {EXAMPLE}", code="invalid"
    )


def format_be_date(value: dt.date | None) -> str:
    """5/12/2567 for 2024-12-05 (what the form shows); '' for None."""
    if value is None:
        return ""
    return f"{value.day}/{value.month}/{value.year + BE_OFFSET}"

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
import re
import unicodedata

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


# -- text and phone numbers as people type them -------------------------------------------
#
# One normaliser per kind of value, used both to compare two spellings and to store the
# value, so "the same" and "what is stored" cannot disagree.

# Invisible characters that only differ in how a text was typed or pasted (zero-width
# spaces and joiners, soft hyphen, direction marks, BOM): removed.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Thai marks above and below a consonant, and the order a keyboard should type them in:
# vowel, then tone mark, then the others. Two orders draw the same glyphs.
_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]{2,}")
# Marks out of that order, or one mark twice: the rare texts that need the sort.
_MARKS_TO_ORDER = re.compile(
    "[\u0e47-\u0e4e][\u0e31\u0e34-\u0e3a]|[\u0e47\u0e4c-\u0e4e][\u0e48-\u0e4b]"
    "|([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1"
)
_SARA_AM_SPLIT = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")  # ํ (tone) า typed for (tone) ำ
# Anything one of the three steps above would change: most cells have none, and one
# search is cheaper than three (a national import cleans about a million cells).
_NEEDS_CLEANING = re.compile(
    f"{_INVISIBLE.pattern}|\u0e4d|{_MARKS_TO_ORDER.pattern}"  # its only group is the marks'
)


def _mark_rank(mark: str) -> int:
    if mark == "\u0e31" or "\u0e34" <= mark <= "\u0e3a":
        return 0
    if "\u0e48" <= mark <= "\u0e4b":
        return 1
    return 2


def _order_marks(match: re.Match) -> str:
    marks = sorted(match.group(), key=_mark_rank)
    # A mark typed twice draws once: keep one.
    return "".join(m for i, m in enumerate(marks) if i == 0 or m != marks[i - 1])


def clean_text(text: str) -> str:
    """Text as it reads: Unicode NFC, invisible characters removed, Thai marks in keyboard
    order (ก + ํ + า is ก + ำ), runs of whitespace as one space, no surrounding spaces.

    Two cells that look the same on screen give the same text.
    """
    if not text.isascii():  # plain ASCII needs none of this (the fast path)
        text = unicodedata.normalize("NFC", text)
        if not _NEEDS_CLEANING.search(text):
            return " ".join(text.split())
        if _INVISIBLE.search(text):
            text = _INVISIBLE.sub("", text)
        if "\u0e4d" in text:
            text = _SARA_AM_SPLIT.sub("\\1\u0e33", text)
        if _MARKS_TO_ORDER.search(text):
            text = _THAI_MARKS.sub(_order_marks, text)
    return " ".join(text.split())


# Personal and group prefixes written with or without a space after them ("นาย สมชาย" is
# "นายสมชาย", "กลุ่ม ทอผ้า" is "กลุ่มทอผ้า"); น.ส. is นางสาว. Only the space right after
# a prefix at the start goes: no other letter of a name changes.
_NAME_PREFIX = re.compile(r"^(?:(น\.\s?ส\.)|(นางสาว|นาง|นาย|กลุ่ม))\s*(?=[\u0e01-\u0e2e])")


def clean_name(text: str) -> str:
    """A producer's name: `clean_text`, then its prefix written one way (see above)."""
    text = clean_text(text)
    if not text.startswith(("น", "ก")):  # no prefix to rewrite (the fast path)
        return text
    return _NAME_PREFIX.sub(lambda m: "นางสาว" if m.group(1) else m.group(2), text)


class PhoneError(ValueError):
    """A phone cell with no number in it; the message is Thai."""


# Between two numbers in one cell: , ; / a new line, or the words หรือ / และ / or.
_PHONE_SEPARATOR = re.compile(r"[,;/\n]|\s(?:หรือ|และ|or)\s", re.IGNORECASE)
_PHONE_EXTENSION = re.compile(r"(?:ต่อ|ext\.?|extension|x|#)\s*(?=\d)", re.IGNORECASE)
_DIGITS = re.compile("[0-9]+")
_NON_DIGITS = re.compile("[^0-9]+")
_ONE_NUMBER = re.compile(r"0[0-9 ().-]*")
_PHONE_ITEM = re.compile(r"([0-9]+)(?: ต่อ ([0-9]+))?")
_PHONE_CANONICAL = re.compile(r"[0-9]+(?: ต่อ [0-9]+)?(?:, [0-9]+(?: ต่อ [0-9]+)?)*")
_ALTERNATIVE_ENDING = 4  # "054-523838/9", "0-5452-3838-9": the 9 is 054-523839


def _phone_complete(digits: str) -> bool:
    """A whole Thai number: 10 digits for mobiles (06, 08, 09), 9 for fixed lines."""
    if len(digits) < 2 or digits[0] != "0":
        return False
    return len(digits) == (10 if digits[1] in "689" else 9)


def phone_canonical(text: str) -> str:
    """The stored form of a phone cell: each number's digits (Thai digits converted),
    an extension as " ต่อ N", several numbers joined by ", ".

    "054-523838", "0-5452-3838" and "๐๕๔ ๕๒๓ ๘๓๘" are all "054523838"; "+66 81 234 5678"
    is "0812345678"; "054-523838, 081-234-5678" is "054523838, 0812345678" (never one
    glued digit string: two whole numbers typed with only spaces between them are split
    too); "054-523838/9" and "0-5452-3838-9" are "054523838, 054523839"; "054-523838
    ต่อ 12" keeps its extension. Raises PhoneError when there is no digit at all.
    """
    if _PHONE_CANONICAL.fullmatch(text):  # already stored form (a re-import, the fast path)
        return text
    text = clean_text(str(text))
    if not text.isascii():
        text = arabic_digits(text)
    if _ONE_NUMBER.fullmatch(text):  # one number and its separators (the common case)
        digits = _NON_DIGITS.sub("", text)
        if _phone_complete(digits):
            return digits
    if not _DIGITS.search(text):
        raise PhoneError("โทรศัพท์ต้องมีตัวเลข")
    numbers: list[list[str]] = []  # [digits, extension]
    for part in _PHONE_SEPARATOR.split(text):
        main, _, extension = _PHONE_EXTENSION.sub("\x00", part, count=1).partition("\x00")
        runs = _DIGITS.findall(main)
        if re.match(r"\D*\+\s*66", main) and runs:  # +66 81 ..., +66 (0)81 ... → 081 ...
            runs[0] = "0" + runs[0][2:].lstrip("0")
            if runs[0] == "0" and len(runs) > 1 and runs[1].startswith("0"):
                runs.pop(0)
        found: list[list[str]] = []
        current = ""
        for run in runs:
            current += run
            if _phone_complete(current):
                found.append([current, ""])
                current = ""
        if current:
            previous = (found or numbers or [[""]])[-1][0]
            if (
                len(current) <= _ALTERNATIVE_ENDING
                and _phone_complete(previous)
                and not current.startswith("0")
            ):
                current = previous[: -len(current)] + current
            found.append([current, ""])
        ext = "".join(_DIGITS.findall(extension))
        if ext and found:
            found[-1][1] = ext
        elif ext and numbers:  # "ต่อ 12" alone after a comma
            numbers[-1][1] = ext
        numbers.extend(found)
    seen, items = set(), []
    for digits, ext in numbers:
        item = f"{digits} ต่อ {ext}" if ext else digits
        if item not in seen:
            seen.add(item)
            items.append(item)
    return ", ".join(items)


def _phone_format(digits: str) -> str:
    if digits.startswith("0") and len(digits) == 10:  # mobile: 081-234-5678
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if digits.startswith("0") and len(digits) == 9:  # fixed line: 0-5452-3838
        return f"{digits[0]}-{digits[1:5]}-{digits[5:]}"
    return digits


def phone_numbers(stored: str) -> list[tuple[str, str]]:
    """(as shown, digits to dial) for each number of a stored phone.

    Mobiles are shown 0XX-XXX-XXXX (081-234-5678), fixed lines 0-XXXX-XXXX as government
    letters write them (0-5452-3838, Bangkok 0-2141-6000), an extension " ต่อ 12". A
    value not in the stored form of `phone_canonical` (typed before it, or in the admin)
    is shown as it is, with its digits to dial.
    """
    if not stored:
        return []
    items = stored.split(", ")
    matches = [_PHONE_ITEM.fullmatch(item) for item in items]
    if not all(matches):
        return [(stored, "".join(_DIGITS.findall(stored)))]
    return [(_phone_format(m[1]) + (f" ต่อ {m[2]}" if m[2] else ""), m[1]) for m in matches]


def phone_display(stored: str) -> str:
    """A stored phone as people read it: "0-5452-3838, 081-234-5678" (see phone_numbers)."""
    return ", ".join(shown for shown, _dial in phone_numbers(stored))

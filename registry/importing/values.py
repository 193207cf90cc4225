"""Value parsers for spreadsheet cells: pure functions, no database.

Each parser takes the raw cell value as python-calamine gives it (str, float, int, bool,
date or ``''`` for a blank) and returns the typed value, or raises `CellError` with a Thai
message. A parser that accepts a value with a caveat (a CE year) returns
``Parsed(value, warning)``. Blank cells are handled by `sheet.Column` before a parser runs,
so parsers never see ``''``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from registry.labels import thai_label
from registry.models import MAX_YEAR_BE, MIN_YEAR_BE, Category, Producer, ProducerType, Quadrant
from registry.thai import PhoneError, clean_name, clean_text, phone_canonical

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
CE_MIN, CE_MAX = 1957, 2100
PHONE_MAX_LENGTH = Producer._meta.get_field("phone").max_length
# The import writes in bulk without `full_clean` (ADR 0020), so the parsers hold the
# columns' lengths: a longer value is a row error, not a database error for the batch.
CODE_MAX_LENGTH = Producer._meta.get_field("code").max_length
TEXT_MAX_LENGTH = Producer._meta.get_field("name").max_length


class CellError(ValueError):
    """A value that cannot be used; the message is Thai and names what is expected."""


@dataclass(frozen=True)
class Parsed:
    """A value accepted with a warning the report must show (e.g. a CE year converted)."""

    value: object
    warning: str


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value) -> str:
    """The cell as clean text: 2564.0 → '2564', Thai digits kept, spaces collapsed,
    invisible characters dropped and Thai marks in one order (`registry.thai.clean_text`):
    two cells that look the same read the same."""
    if value.__class__ is str:  # the common case, first
        return clean_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return clean_text(str(value))


def thai_to_arabic(text: str) -> str:
    return text.translate(THAI_DIGITS)


def parse_text(value) -> str:
    return as_text(value)


def _fits(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise CellError(f"{what}ยาวเกิน {limit} ตัวอักษร")
    return text


def parse_registry_text(value) -> str:
    """A product's name or a producer's address: clean text within the column's length."""
    return _fits(as_text(value), TEXT_MAX_LENGTH, "ข้อความ")


def parse_producer_name(value) -> str:
    """A producer's name: clean text with its prefix written one way ("นาย สมชาย" is
    "นายสมชาย", "น.ส." is "นางสาว"): see `registry.thai.clean_name`."""
    name = clean_name(value if value.__class__ is str else as_text(value))
    return _fits(name, TEXT_MAX_LENGTH, "ชื่อ")


def parse_code(value) -> str:
    """A registration code: text, with Thai digits converted so ๑๒๓ and 123 are one code."""
    return _fits(thai_to_arabic(as_text(value)).replace(" ", ""), CODE_MAX_LENGTH, "รหัส")


def parse_int(value, *, label: str = "ตัวเลข") -> int:
    if isinstance(value, bool):
        raise CellError(f"{label}ต้องเป็นตัวเลข")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(f"{label}ต้องเป็นจำนวนเต็ม")
    text = thai_to_arabic(as_text(value))
    if re.fullmatch(r"\d+", text):
        return int(text)
    raise CellError(f"{label}ต้องเป็นตัวเลข")


def parse_village_no(value) -> int:
    text = as_text(value)
    text = re.sub(r"^(หมู่ที่|หมู่|ม\.)\s*", "", text)
    number = parse_int(text, label="หมู่ที่")
    if not 0 < number < 1000:
        raise CellError("หมู่ที่ต้องอยู่ระหว่าง 1–999")
    return number


def parse_phone(value) -> str:
    """The stored form of a phone cell (`registry.thai.phone_canonical`): digits only, Thai
    digits converted, several numbers joined by ", ", an extension as " ต่อ N"; so
    "054-523838" and "0-5452-3838" are one number.

    A phone stored as a number loses its leading zero (812345678.0): put it back.
    """
    if isinstance(value, float | int) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise CellError("โทรศัพท์ต้องเป็นข้อความ เช่น 054-523838")
        digits = str(int(value))
        value = "0" + digits if len(digits) in (8, 9) else digits
    try:
        phone = phone_canonical(value)
    except PhoneError as exc:
        raise CellError(str(exc)) from None
    if len(phone) > PHONE_MAX_LENGTH:
        raise CellError(f"โทรศัพท์ยาวเกิน {PHONE_MAX_LENGTH} ตัวอักษร")
    return phone


def parse_year(value) -> int | Parsed:
    """A Buddhist Era year. 1957–2100 is taken as CE and converted (+543) with a warning."""
    if isinstance(value, dt.date | dt.datetime):
        raise CellError("ปีต้องเป็นตัวเลขปี พ.ศ. 4 หลัก ไม่ใช่วันที่")
    text = thai_to_arabic(as_text(value))
    text = re.sub(r"^(พ\.ศ\.|พ\.ศ|พศ\.?)\s*", "", text)
    if not re.fullmatch(r"\d{4}", text):
        raise CellError("ปีต้องเป็นปี พ.ศ. 4 หลัก เช่น 2567")
    year = int(text)
    if MIN_YEAR_BE <= year <= MAX_YEAR_BE:
        return year
    if CE_MIN <= year <= CE_MAX:
        return Parsed(year + 543, f"ปี {year} ถือเป็น ค.ศ. แปลงเป็น พ.ศ. {year + 543}")
    raise CellError(f"ปีต้องเป็นปี พ.ศ. ระหว่าง {MIN_YEAR_BE}–{MAX_YEAR_BE}")


def parse_stars(value) -> int:
    text = thai_to_arabic(as_text(value))
    text = re.sub(r"\s*ดาว$", "", text).strip()
    if re.fullmatch(r"[1-5]", text):
        return int(text)
    if re.fullmatch(r"★{1,5}", text):
        return len(text)
    raise CellError('ระดับดาวต้องเป็น 1–5 (หรือ ๑–๕, "3 ดาว")')


def _squash(text: str) -> str:
    return re.sub(r"[\s,/]+", "", as_text(text)).casefold()


_QUADRANT_NAMES = {
    "ดาวเด่นสู่สากล": "A",
    "เอกลักษณ์สร้างคุณค่า": "B",
    "พัฒนาสร้างสรรค์": "C",
    "ปรับตัวสู่การพัฒนา": "D",
}


def parse_quadrant(value) -> str:
    text = _squash(value)
    text = re.sub(r"^(กลุ่ม)?(quadrant)?(กลุ่ม)?", "", text)
    letter = text[:1].upper()
    if text in ("a", "b", "c", "d"):
        return text.upper()
    rest = text[1:] if letter in Quadrant.values else text
    rest = rest.removeprefix("กลุ่ม")
    for name, code in _QUADRANT_NAMES.items():
        if rest == name and (letter not in Quadrant.values or letter == code):
            return code
    raise CellError('กลุ่ม Quadrant ต้องเป็น A, B, C หรือ D (หรือ "กลุ่ม D", "ปรับตัวสู่การพัฒนา")')


def _choice_parser(aliases: dict[str, str], expected: str):
    table = {_squash(alias): str(code) for alias, code in aliases.items()}

    def parse(value) -> str:
        key = _squash(thai_to_arabic(as_text(value)))
        if key in table:
            return table[key]
        raise CellError(expected)

    return parse


_PRODUCER_TYPE_ALIASES = {
    **{thai_label(label): value for value, label in ProducerType.choices},
    **{value: value for value in ProducerType.values},
    "กลุ่ม": ProducerType.COMMUNITY_GROUP,
    "1": ProducerType.COMMUNITY_GROUP,
    "รายเดียว": ProducerType.SINGLE_OWNER,
    "เจ้าของรายเดียว": ProducerType.SINGLE_OWNER,
    "2": ProducerType.SINGLE_OWNER,
    "SME": ProducerType.SME,
    "วิสาหกิจ": ProducerType.SME,
    "วิสาหกิจขนาดกลางและขนาดย่อม": ProducerType.SME,
    "ผู้ผลิตชุมชนที่เป็นวิสาหกิจขนาดกลางและขนาดย่อม": ProducerType.SME,
    "3": ProducerType.SME,
}
parse_producer_type = _choice_parser(
    _PRODUCER_TYPE_ALIASES,
    "ประเภทผู้ผลิตต้องเป็น กลุ่มผู้ผลิตชุมชน, เจ้าของรายเดียว หรือ SME",
)

_CATEGORY_ALIASES = {
    **{thai_label(label): value for value, label in Category.choices},
    **{value: value for value in Category.values},
    "ผ้า": Category.TEXTILE,
    "เครื่องแต่งกาย": Category.TEXTILE,
    "ผ้าและเครื่องแต่งกาย": Category.TEXTILE,
    "ผ้า เครื่องแต่งกาย": Category.TEXTILE,
    "ของใช้": Category.HOUSEHOLD,
    "ของตกแต่ง": Category.HOUSEHOLD,
    "ของที่ระลึก": Category.HOUSEHOLD,
    "ของใช้ฯ": Category.HOUSEHOLD,
    "ของใช้ ของตกแต่ง": Category.HOUSEHOLD,
    "สมุนไพร": Category.HERBAL,
}
parse_category = _choice_parser(
    _CATEGORY_ALIASES,
    "ประเภทผลิตภัณฑ์ต้องเป็น อาหาร, เครื่องดื่ม, ผ้า เครื่องแต่งกาย, "
    "ของใช้ ของตกแต่ง ของที่ระลึก หรือ สมุนไพรที่ไม่ใช่อาหาร",
)

"""Thai text for print: break opportunities at word boundaries, and spans kept whole.

Thai writes no spaces between words, so a justified line can only stretch at the spaces
between phrases and stays ragged. `for_print` inserts U+200B ZERO WIDTH SPACE at every
Thai word boundary; documents.pdf teaches WeasyPrint to stretch those as it stretches
spaces, which gives the distributed justification government letters use.

Word boundaries come from libthai, through Pango's own break analysis: it is the
dictionary Pango already uses to wrap Thai lines, so our break points and Pango's agree
by construction and no second dictionary (pythainlp weighs tens of MB) is needed.

Dates ("๕ ธันวาคม ๒๕๖๗"), counts ("จำนวน ๑ ฉบับ"), ranges ("๑ - ๓") and numbers with
their units are kept on one line: their spaces become NO-BREAK SPACE (still stretched by
justification, never broken) and no break opportunity is inserted inside them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from registry.thai import MONTHS_TH, MONTHS_TH_ABBR

ZWSP = "\u200b"
NBSP = "\u00a0"

_DIGIT = "[0-9๐-๙]"
_NUMBER = f"{_DIGIT}+(?:[.,/:]{_DIGIT}+)*"
_MONTHS = "|".join(re.escape(m) for m in (*MONTHS_TH, *MONTHS_TH_ABBR))
_UNITS = "ฉบับ|ชุด|แผ่น|เล่ม|กลุ่ม|ผลิตภัณฑ์|ราย|ดาว|วัน|เดือน|ปี|คน|อำเภอ|ตำบล|บาท|น\\.|ข้อ"

# Longest patterns first: a date must win over "number + unit".
_KEEP_TOGETHER = re.compile(
    "|".join(
        [
            # วันพฤหัสบดีที่ ๓๑ มีนาคม ๒๕๖๕ / ๕ ธันวาคม ๒๕๖๗ / ๕ ธ.ค. ๖๗
            rf"(?:วันที่\s*)?{_DIGIT}{{1,2}}\s+(?:{_MONTHS})\s*(?:พ\.ศ\.\s*)?{_DIGIT}{{2,4}}",
            # จำนวน ๑ ฉบับ
            rf"จำนวน\s*{_NUMBER}\s*(?:{_UNITS})",
            # พ.ศ. ๒๕๖๒, ปี ๒๕๖๗, ปีงบประมาณ พ.ศ. ๒๕๖๘
            rf"(?:ปีงบประมาณ\s*)?(?:พ\.ศ\.|ค\.ศ\.|ปี)\s*{_DIGIT}{{4}}"
            rf"(?:\s*[-–]\s*{_DIGIT}{{4}})?",
            # ๑ - ๓ ดาว, ๒๕๕๗ – ๒๕๖๑
            rf"{_NUMBER}\s*[-–]\s*{_NUMBER}(?:\s*(?:{_UNITS}))?",
            # ๖ ผลิตภัณฑ์, ๒ กลุ่ม, ๑๐.๐๐ น.
            rf"{_NUMBER}\s*(?:{_UNITS})",
            # ที่ พย ๐๐๑๙.๒/ว ๑๕๒๘๖ and plain numbers with separators
            rf"(?<![\u0e00-\u0e7f])[ก-ฮ]{{2}}\s+{_NUMBER}(?:/ว\s*{_NUMBER})?",
            r"(?:โทร\.|โทรสาร|โทรศัพท์)\s*[0-9๐-๙][0-9๐-๙\s-]*[0-9๐-๙]",
        ]
    )
)

_THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")


@lru_cache(maxsize=4096)
def thai_word_breaks(text: str) -> tuple[int, ...]:
    """Indexes in `text` where a Thai word starts after another Thai word (libthai).

    Only boundaries with a Thai character on both sides are returned: spaces and
    punctuation are break opportunities already.
    """
    from weasyprint.text.line_break import get_log_attrs

    if not _THAI_LETTER.search(text):
        return ()
    attrs = get_log_attrs(text, "th")
    return tuple(
        i
        for i in range(1, len(text))
        if attrs[i].is_line_break
        and _THAI_LETTER.match(text[i - 1])
        and _THAI_LETTER.match(text[i])
    )


def keep_together_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the dates, counts, ranges and numbers that must not break."""
    return [m.span() for m in _KEEP_TOGETHER.finditer(text)]


def for_print(text: str) -> str:
    """`text` ready for a justified Thai paragraph: ZWSP between Thai words, and
    NBSP inside dates, counts and numbers so that they never break across lines.

    Returns plain text: the template still escapes it.
    """
    if not text:
        return ""
    spans = keep_together_spans(text)
    protected = bytearray(len(text))
    for start, end in spans:
        protected[start:end] = b"\x01" * (end - start)
    breaks = set(thai_word_breaks(text))
    out = []
    for i, char in enumerate(text):
        if i in breaks and not (protected[i] and protected[i - 1]):
            out.append(ZWSP)
        if protected[i] and char in " \t":
            out.append(NBSP)
        else:
            out.append(char)
    return "".join(out)


def plain(text: str) -> str:
    """The inverse of `for_print` for reading and testing: ZWSP dropped, NBSP a space."""
    return text.replace(ZWSP, "").replace(NBSP, " ")

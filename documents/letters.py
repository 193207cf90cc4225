"""The circular letter (หนังสือเวียน) of a round and its enclosures, as template context.

Everything the letter says comes from the round: its `Letter` (number, date,
urgency, office, subject, addressee, reference, enclosures, signatory, owning unit,
phone, fax, slogan), its program and fiscal year, its tiers and criteria (the
guidelines), its quotas (the allocation register) and its deadline. Nothing is copied
from last year's letter, so nothing of last year's letter can leak in.

A round is checked (selection.validation, documents.validation, allocations quotas) before
its letter is issued:
`letter_context` raises `RoundNotReady` with the Thai messages of every error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse

from allocations.models import QuotaKind
from allocations.selectors import quota_list, round_quota_issues
from documents.forms import column_percents, form_columns, form_title
from documents.models import Letter, Urgency, letter_of
from documents.validation import round_letter_issues
from registry.thai import MONTHS_TH, be_date_long, be_year, thai_digits
from selection.engine import compile_round
from selection.models import Round, Unit
from selection.validation import round_issues

UNIT_WORD = {Unit.PRODUCER: "กลุ่ม", Unit.PRODUCT: "ผลิตภัณฑ์"}
FALLBACK_INTRO = "ในกรณีกลุ่มเป้าหมายตามแนวทางการดำเนินโครงการฯ ข้างต้นไม่เพียงพอ ให้พิจารณาแนวทางเพิ่มเติม ดังนี้"


class RoundNotReady(Exception):
    """The round fails its checks; `messages` are the Thai error texts."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class Enclosure:
    number: int
    title: str
    count: str

    @property
    def number_th(self) -> str:
        return thai_digits(self.number)


@dataclass
class GuidelineItem:
    number: int
    text: str
    intro: str = ""  # a paragraph before the item (the fallback tier's introduction)

    @property
    def label(self) -> str:
        return f"({thai_digits(self.number)})"


@dataclass
class RegisterRow:
    number: int
    district: str
    amount: str
    remark: str


@dataclass
class LetterContext:
    round: Round
    urgency: str
    number: str
    office_lines: list[str]
    date_text: str
    subject: str
    addressee: str
    reference: str
    enclosures: list[Enclosure]
    body: list[str]
    actions: list[str]
    closing_request: str
    signatory_name: str
    signatory_lines: list[str]
    owner_lines: list[str]
    slogan: str
    guidelines_title: str
    guidelines: list[GuidelineItem]
    register_title: str
    register_header: str
    register_rows: list[RegisterRow]
    register_total: str
    form_title: str
    form_columns: list[tuple[str, str]]  # (header, width share)
    form_blank_rows: list[int] = field(default_factory=list)
    emblem_url: str = "asset:garuda"

    def as_dict(self) -> dict:
        return {"letter": self}


def _lines(text: str) -> list[str]:
    return [thai_digits(line.strip()) for line in (text or "").splitlines() if line.strip()]


def _enclosures(letter: Letter, titles: dict[str, str]) -> list[Enclosure]:
    """The letter's own list, else the three documents this module attaches."""
    raw = letter.enclosures or [
        {"title": titles["guidelines"], "count": "๑ ฉบับ"},
        {"title": titles["register"], "count": "๑ ฉบับ"},
        {"title": titles["form"], "count": "๑ ฉบับ"},
    ]
    items = []
    for number, entry in enumerate(raw, start=1):
        if isinstance(entry, dict):
            title = entry.get("title") or entry.get("name") or entry.get("ชื่อ") or ""
            count = entry.get("count") or entry.get("จำนวน") or "๑ ฉบับ"
        else:
            title, count = str(entry), "๑ ฉบับ"
        count = thai_digits(count)
        if isinstance(count, str) and count.isdigit():
            count = f"{count} ฉบับ"
        items.append(Enclosure(number, thai_digits(title), count))
    return items


def _guidelines(round_: Round) -> list[GuidelineItem]:
    """Numbered Thai prose from the tiers: alternatives of an any_group joined by หรือ,
    fallback tiers introduced as the seed letters do, and a rule that a fallback tier
    repeats from an earlier tier referred to by its number rather than written twice."""
    items: list[GuidelineItem] = []
    seen: dict[tuple, int] = {}
    number = 0
    for tier in compile_round(round_).tiers:
        groups: dict[object, list] = {}
        for rule in tier.rules:
            key = ("any", rule.any_group) if rule.any_group is not None else ("one", id(rule))
            groups.setdefault(key, []).append(rule)
        repeated: list[int] = []
        intro = FALLBACK_INTRO if tier.order > 1 else ""
        for rules in groups.values():
            signature = tuple(sorted((r.kind, repr(sorted(r.params.items()))) for r in rules))
            if signature in seen:
                repeated.append(seen[signature])
                continue
            number += 1
            seen[signature] = number
            text = " หรือ".join(r.explanation.rstrip() for r in rules)
            items.append(GuidelineItem(number, thai_digits(text), intro))
            intro = ""
        if repeated and items:
            refs = ", ".join(f"({thai_digits(n)})" for n in repeated)
            items[-1].text += f" ทั้งนี้ ต้องเป็นไปตามแนวทางข้อ {refs} ด้วย"
    return items


def _register(round_: Round, unit_word: str) -> tuple[list[RegisterRow], str]:
    rows, total = [], 0
    # In the order the province entered them (the seed registers are not in DOPA order).
    for number, quota in enumerate(quota_list(round_=round_).order_by("pk"), start=1):
        amount = thai_digits(quota.amount)
        if quota.kind == QuotaKind.AT_LEAST:
            amount += " ขึ้นไป"
        rows.append(RegisterRow(number, quota.district.name_th, amount, quota.remark))
        total += quota.amount
    return rows, thai_digits(total)


def _date_text(letter: Letter) -> str:
    if letter.letter_date:
        return be_date_long(letter.letter_date)
    # Undated draft: the month and year, the day left for the signing officer.
    from django.utils import timezone

    today = timezone.localdate()
    return f"{MONTHS_TH[today.month - 1]} {thai_digits(be_year(today.year))}"


def letter_context(round_: Round, *, check: bool = True) -> LetterContext:
    """Everything the letter template shows, composed from the round.

    With `check` (the default), a round failing its checks raises RoundNotReady.
    """
    if check:
        # What the letter prints: the round's rules, dates and texts, and its quotas
        # (the allocation register). OPC settings are checked on opening, not here.
        issues = [
            *round_issues(round_),
            *round_letter_issues(round_),
            *round_quota_issues(round_),
        ]
        errors = [issue for issue in issues if issue.is_error]
        if errors:
            raise RoundNotReady([issue.message for issue in errors])
    letter = letter_of(round_)
    program = round_.program
    province = round_.province.name_th
    unit_word = UNIT_WORD.get(program.unit, "กลุ่ม")
    fy = thai_digits(round_.fiscal_year)
    titles = {
        "guidelines": letter.guidelines_title
        or f"แนวทางการคัดเลือกกลุ่มเป้าหมาย โครงการ{program.name_th} ประจำปีงบประมาณ พ.ศ. {fy}",
        "register": letter.register_title
        or f"ทะเบียนจัดสรรกลุ่มเป้าหมาย โครงการ{program.name_th} ประจำปีงบประมาณ พ.ศ. {fy}",
        "form": form_title(program.unit),
    }
    enclosures = _enclosures(letter, titles)
    rows, total = _register(round_, unit_word)
    deadline = be_date_long(round_.deadline) if round_.deadline else ""
    exact = not any(r.amount.endswith("ขึ้นไป") for r in rows)
    quota_phrase = (
        f"ตามจำนวนที่จัดสรร รวมทั้งจังหวัด {total} {unit_word}"
        if exact
        else f"ไม่น้อยกว่าจำนวนที่จัดสรร รวมทั้งจังหวัดไม่น้อยกว่า {total} {unit_word}"
    )
    body = [
        f"ด้วยกรมการพัฒนาชุมชนได้กำหนดดำเนินโครงการ{program.name_th} "
        f"ประจำปีงบประมาณ พ.ศ. {fy} โดยให้จังหวัด{province}คัดเลือกกลุ่มเป้าหมายจากผู้ผลิต "
        f"ผู้ประกอบการ OTOP ที่ลงทะเบียนไว้ ตามแนวทางที่กำหนด",
        f"เพื่อให้การดำเนินงานดังกล่าวเป็นไปด้วยความเรียบร้อยและบรรลุวัตถุประสงค์ "
        f"จังหวัด{province} ขอให้อำเภอมอบหมายสำนักงานพัฒนาชุมชนอำเภอดำเนินการ ดังนี้",
    ]
    actions = [
        "๑. ศึกษาแนวทางการคัดเลือกกลุ่มเป้าหมาย ตามสิ่งที่ส่งมาด้วย ๑",
        f"๒. คัดเลือกกลุ่มเป้าหมายตามทะเบียนจัดสรรกลุ่มเป้าหมาย ตามสิ่งที่ส่งมาด้วย ๒ {quota_phrase}",
        "๓. รายงานรายชื่อกลุ่มเป้าหมายตามแบบที่ส่งมาด้วย ๓ ให้สำนักงานพัฒนาชุมชนจังหวัด"
        + (f" ภายในวันที่ {deadline}" if deadline else ""),
    ]
    owner = _lines(letter.owning_unit)
    if letter.phone:
        owner.append(f"โทร. {thai_digits(letter.phone)}")
    if letter.fax:
        owner.append(f"โทรสาร {thai_digits(letter.fax)}")
    return LetterContext(
        round=round_,
        urgency=Urgency(letter.urgency).label if letter.urgency else "",
        number=thai_digits(letter.letter_number),
        office_lines=_lines(letter.office_address),
        date_text=_date_text(letter),
        subject=thai_digits(letter.subject or f"โครงการ{program.name_th} ปีงบประมาณ พ.ศ. {fy}"),
        addressee=letter.addressee or "นายอำเภอ ทุกอำเภอ",
        reference=thai_digits(letter.reference),
        enclosures=enclosures,
        body=body,
        actions=actions,
        closing_request="จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการ",
        signatory_name=letter.signatory_name,
        signatory_lines=_lines(letter.signatory_position),
        owner_lines=owner,
        slogan=thai_digits(letter.slogan),
        guidelines_title=thai_digits(titles["guidelines"]),
        guidelines=_guidelines(round_),
        register_title=thai_digits(titles["register"]),
        register_header=f"จำนวน{unit_word}ที่เข้าร่วมโครงการฯ",
        register_rows=rows,
        register_total=total if exact else f"{total} ขึ้นไป",
        form_title=titles["form"],
        form_columns=list(
            zip(
                [c.header for c in form_columns(program.unit)],
                column_percents(form_columns(program.unit)),
                strict=True,
            )
        ),
        form_blank_rows=list(range(1, 11)),
    )


def letter_html(
    round_: Round, *, check: bool = True, preview: bool = False, can_edit: bool = False
) -> str:
    """The letter and its enclosures as one HTML document (PDF source and preview).

    `preview` adds the on-screen toolbar (PDF download, and the edit link with
    `can_edit`); the toolbar is hidden in print and never reaches the PDF.
    """
    context = letter_context(round_, check=check)
    return render_to_string(
        "documents/letter.html",
        {
            "letter": context,
            "preview": preview,
            "can_edit": can_edit,
            "emblem_src": reverse("documents:emblem") if preview else context.emblem_url,
        },
    )


def letter_pdf(round_: Round, *, check: bool = True):
    """The letter's PDF (documents.pdf.RenderResult)."""
    from documents.pdf import render_pdf

    return render_pdf(letter_html(round_, check=check))

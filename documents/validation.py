"""The letter's checks of a round (documents' part of `lifecycle.checks.round_issues`,
and what the letter preview refuses on): the letter date against the deadline, the
years and province named in the letter's texts. Gathers values and runs selection's
pure rules.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from documents.models import Letter, letter_of
from registry.models import Province
from selection import rules
from selection.models import Round
from selection.rules import Issue


def letter_texts(letter: Letter) -> dict[str, str]:
    return {
        # Thai keys (the checks filter on them); the rules translate them in messages.
        gettext_noop("ที่ตั้งส่วนราชการในหนังสือ"): letter.office_address,
        gettext_noop("เรื่องของหนังสือ"): letter.subject,
        gettext_noop("หนังสือที่อ้างถึง"): letter.reference,
        gettext_noop("หัวเรื่องแนวทางการคัดเลือก"): letter.guidelines_title,
        gettext_noop("หัวเรื่องทะเบียนจัดสรร"): letter.register_title,
        gettext_noop("ตำแหน่งผู้ลงนาม"): letter.signatory_position,
    }


def round_letter_issues(round_: Round) -> list[Issue]:
    """Every problem of the round's letter: its date and the deadline it gives, the
    fiscal years and the province its texts name."""
    letter = letter_of(round_)
    issues = rules.check_dates(
        fiscal_year_be=round_.fiscal_year,
        letter_date=letter.letter_date,
        deadline=round_.deadline,
    )
    texts = letter_texts(letter)
    issues += rules.check_document_years(
        fiscal_year_be=round_.fiscal_year,
        texts={k: v for k, v in texts.items() if k.startswith(("เรื่อง", "หัวเรื่อง"))},
    )
    issues += rules.check_province_mentions(
        province_name=round_.province.name_th,
        texts=texts,
        province_names=Province.objects.values_list("name_th", flat=True),
    )
    return issues

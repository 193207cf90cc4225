"""The announcement of an OPC round's results (ประกาศผลการคัดสรร) and the list of a PSO
round's products, as HTML and PDF.

Rendered with the documents app's machinery: its print base template and stylesheet,
its Thai print filter and `documents.pdf.render_pdf` (static-only fetcher, Thai
justification and searchable text). Only the content is this app's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import letter_of
from opc import selectors
from registry.thai import be_date_long, thai_digits
from selection.models import Round

STAR_WORDS = {5: "ระดับ ๕ ดาว", 4: "ระดับ ๔ ดาว", 3: "ระดับ ๓ ดาว", 2: "ระดับ ๒ ดาว", 1: "ระดับ ๑ ดาว"}


@dataclass
class StarGroup:
    stars: int
    title: str
    rows: list = field(default_factory=list)


def announcement_context(round_: Round) -> dict:
    rows = selectors.result_rows(round_=round_)
    groups = {s: StarGroup(s, STAR_WORDS[s]) for s in (5, 4, 3, 2, 1)}
    for row in sorted(rows, key=lambda r: (-(r.score or 0), r.product.code)):
        groups[row.stars].rows.append(row)
    province = round_.province.name_th
    year = thai_digits(round_.fiscal_year)
    letter = letter_of(round_)
    published = round_.opc_publications.first()
    day = timezone.localtime(published.published_at).date() if published else None
    return {
        "round": round_,
        "heading": f"ประกาศจังหวัด{province}",
        "subject": f"ผลการคัดสรรสุดยอดหนึ่งตำบล หนึ่งผลิตภัณฑ์ไทย ปี พ.ศ. {year} "
        "(OTOP Product Champion : OPC) ระดับจังหวัด",
        "body": [
            f"ตามที่จังหวัด{province} ได้ดำเนินการคัดสรรสุดยอดหนึ่งตำบล หนึ่งผลิตภัณฑ์ไทย "
            f"ปี พ.ศ. {year} (OTOP Product Champion : OPC) ระดับจังหวัด เพื่อจัดระดับผลิตภัณฑ์ "
            "ที่จะนำไปสู่การพัฒนาระดับประเทศ นั้น",
            f"คณะกรรมการดำเนินการคัดสรรฯ ได้พิจารณาให้ค่าคะแนนผลิตภัณฑ์ที่ส่งเข้ารับการคัดสรร "
            f"จำนวน {thai_digits(len(rows))} ผลิตภัณฑ์ เรียบร้อยแล้ว จึงประกาศผลการคัดสรรฯ "
            "ตามบัญชีแนบท้ายประกาศนี้",
        ],
        "groups": [g for g in groups.values() if g.rows],
        "date_text": be_date_long(day) if day else "",
        "signatory_name": letter.signatory_name,
        "signatory_lines": [
            line for line in letter.signatory_position.splitlines() if line.strip()
        ],
    }


def announcement_html(round_: Round, *, preview: bool = False) -> str:
    context = announcement_context(round_)
    context["preview"] = preview
    context["emblem_src"] = reverse("documents:emblem") if preview else "asset:garuda"
    with translation.override("th"):  # an official document: Thai whatever the UI language
        return render_to_string("opc/announcement.html", context)


def announcement_pdf(round_: Round):
    from documents.pdf import render_pdf

    return render_pdf(announcement_html(round_))


def pso_list_context(round_: Round) -> dict:
    from opc.export import pso_rows

    province = round_.province.name_th
    return {
        "round": round_,
        "heading": f"บัญชีผลิตภัณฑ์ OTOP เด่นจังหวัด{province} (Provincial Star OTOP : PSO)",
        "subject": round_.title,
        "rows": [
            {
                "number": row[0],
                "category": row[1],
                "code": row[2],
                "name": row[3],
                "producer": row[4],
                "district": row[5],
                "stars": row[6],
                "year": row[7],
                "remark": row[8],
            }
            for row in pso_rows(round_)
        ],
    }


def pso_list_html(round_: Round, *, preview: bool = False) -> str:
    context = pso_list_context(round_)
    context["preview"] = preview
    with translation.override("th"):
        return render_to_string("opc/pso_list.html", context)


def pso_list_pdf(round_: Round):
    """The PSO list as PDF through the documents machinery (static-only fetcher)."""
    from documents.pdf import render_pdf

    return render_pdf(pso_list_html(round_))

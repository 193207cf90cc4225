"""The province's consolidated list (.xlsx): every district's nominations of a round.

One sheet: two title rows; a two-row header whose group cells are merged (ที่ / อำเภอ /
the target's facts / ชั้นเกณฑ์ / หมายเหตุ); the nominations grouped by district (in code
order), each group closed by a subtotal row that also shows the district's quota, so a
short district shows at a glance; a province total row. Thai font, borders, widths, A4
landscape, header rows repeated on every printed page. Every cell goes through
registry.xlsx_safe (via documents.xlsx), so a group name that starts with "=" stays
text. Subtotals are written as values, never as formulas: the file is a record of what
was nominated when it was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from allocations.models import QuotaKind
from allocations.selectors import quota_list
from documents import xlsx
from documents.forms import form_columns, nomination_rows
from registry.thai import be_date_long, thai_digits
from selection.models import Round
from selection.units import Unit

SHEET = "บัญชีรวม"
HEADER_ROW = 4
TIER_HEADER = "ชั้นเกณฑ์"


@dataclass
class DistrictBlock:
    code: str
    name: str
    quota: int | None
    quota_kind: str
    rows: list[dict] = field(default_factory=list)

    @property
    def subtotal_text(self) -> str:
        text = f"รวมอำเภอ{self.name} {len(self.rows)}"
        if self.quota is not None:
            more = " ขึ้นไป" if self.quota_kind == QuotaKind.AT_LEAST else ""
            text += f" (จัดสรร {self.quota}{more})"
        return text


def district_blocks(round_: Round) -> list[DistrictBlock]:
    """Every district with a quota or a nomination, with its rows, in district code order
    (the DOPA order people find districts by, the same on every download)."""
    unit = round_.program.unit
    blocks: dict[str, DistrictBlock] = {}
    for quota in quota_list(round_=round_):
        blocks[quota.district_id] = DistrictBlock(
            quota.district_id, quota.district.name_th, quota.amount, quota.kind
        )
    nominations = (
        round_.nominations.select_related(
            "district", "producer__district", "producer__subdistrict", "product"
        )
        .prefetch_related(
            "product__star_ratings",
            "product__quadrant_ratings",
            "producer__products__star_ratings",
            "producer__products__quadrant_ratings",
        )
        .order_by("district_id", "position", "pk")
    )
    by_district: dict[str, list] = {}
    for nomination in nominations:
        by_district.setdefault(nomination.district_id, []).append(nomination)
        if nomination.district_id not in blocks:
            district = nomination.district
            blocks[district.code] = DistrictBlock(district.code, district.name_th, None, "")
    for code, items in by_district.items():
        rows = nomination_rows(items, unit)
        for row, nomination in zip(rows, items, strict=True):
            row["tier"] = nomination.tier
        blocks[code].rows = rows
    return [blocks[code] for code in sorted(blocks)]


def consolidated_xlsx(round_: Round) -> bytes:
    """The consolidated list of `round_` as .xlsx bytes."""
    from openpyxl.styles import PatternFill

    unit = round_.program.unit
    facts = [c for c in form_columns(unit) if c.key not in ("no", "remark")]
    headers = ["ที่", "อำเภอ", *[c.header for c in facts], TIER_HEADER, "หมายเหตุ"]
    widths = [6, 16, *[c.width for c in facts], 9, 20]
    width = len(headers)
    blocks = district_blocks(round_)
    program = round_.program

    wb = xlsx.new_workbook()
    ws = wb.active
    ws.title = SHEET
    xlsx.merged_title(
        ws,
        1,
        f"บัญชีรายชื่อกลุ่มเป้าหมาย โครงการ{program.name_th} "
        f"ประจำปีงบประมาณ พ.ศ. {thai_digits(round_.fiscal_year)} จังหวัด{round_.province.name_th}",
        columns=width,
        size=18,
    )
    xlsx.merged_title(
        ws,
        2,
        f"รวมทุกอำเภอ ข้อมูล ณ วันที่ {be_date_long(timezone.localdate())}",
        columns=width,
        bold=False,
    )
    _header(ws, headers, facts, unit)
    total = 0
    row_number = HEADER_ROW + 2
    subtotal_fill = PatternFill("solid", fgColor="EEEEEE")
    for block in blocks:
        for index, row in enumerate(block.rows, start=1):
            values = [index, block.name, *[row.get(c.key) for c in facts], row["tier"]]
            xlsx.write_row(ws, row_number, [*values, row.get("remark")])
            row_number += 1
        total += len(block.rows)
        xlsx.write_row(ws, row_number, [block.subtotal_text, *[None] * (width - 1)], bold=True)
        ws.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=width)
        ws.cell(row=row_number, column=1).fill = subtotal_fill
        row_number += 1
    quota_total = sum(b.quota or 0 for b in blocks)
    xlsx.write_row(
        ws,
        row_number,
        [f"รวมทั้งจังหวัด {total} (จัดสรร {quota_total})", *[None] * (width - 1)],
        bold=True,
    )
    ws.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=width)
    xlsx.set_widths(ws, widths)
    xlsx.print_setup(ws, header_rows=(HEADER_ROW, HEADER_ROW + 1), landscape=True)
    # By coordinate: when the first district has no nomination, C6 lies in its merged
    # subtotal row, and openpyxl cannot take a MergedCell as the top-left cell.
    ws.freeze_panes = f"C{HEADER_ROW + 2}"
    xlsx.write_metadata(
        wb,
        {"kind": "consolidated", "round": round_.slug, "unit": unit, "header_row": HEADER_ROW},
    )
    return xlsx.to_bytes(wb)


def _header(ws, headers: list[str], facts, unit: str) -> None:
    """Two header rows: single columns merged down, the target's facts under one group."""
    top, sub = HEADER_ROW, HEADER_ROW + 1
    group = "ข้อมูลกลุ่มผู้ผลิตชุมชน" if unit == Unit.PRODUCER else "ข้อมูลผลิตภัณฑ์"
    first_fact, last_fact = 3, 2 + len(facts)
    top_values = ["ที่", "อำเภอ", group, *[None] * (len(facts) - 1), TIER_HEADER, "หมายเหตุ"]
    xlsx.write_row(ws, top, top_values, bold=True, alignment=xlsx.CENTER)
    xlsx.write_row(ws, sub, [None, None, *headers[2:-2], None, None], bold=True,
                   alignment=xlsx.CENTER)  # fmt: skip
    ws.merge_cells(start_row=top, start_column=first_fact, end_row=top, end_column=last_fact)
    for column in (1, 2, last_fact + 1, last_fact + 2):
        ws.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)

"""Workbooks (.xlsx) of OPC and PSO rounds, written with documents.xlsx's safe helpers
(no formula injection): the OPC results (a summary per category and star level, then one
sheet of rows per district) and the PSO picks (one row per category with the remark)."""

from __future__ import annotations

from documents import xlsx
from opc import selectors
from registry.labels import thai_label
from registry.models import Category
from selection.models import Round

HEADERS = ["ที่", "รหัสผลิตภัณฑ์", "ชื่อผลิตภัณฑ์", "ประเภท", "ผู้ผลิต", "อำเภอ", "คะแนนรวม", "ระดับดาว"]


def results_workbook(round_: Round) -> bytes:
    rows = selectors.result_rows(round_=round_)
    wb = xlsx.new_workbook()
    summary = wb.active
    summary.title = "สรุปตามประเภท"
    xlsx.merged_title(summary, 1, f"ผลการคัดสรร {round_.title}", columns=7)
    xlsx.write_row(
        summary, 3, ["ประเภทผลิตภัณฑ์", "๕ ดาว", "๔ ดาว", "๓ ดาว", "๒ ดาว", "๑ ดาว", "รวม"], bold=True
    )
    line = 4
    for entry in selectors.results_by_category(rows):
        category = thai_label(entry["category"])
        xlsx.write_row(summary, line, [category, *entry["counts"], entry["total"]])
        line += 1
    xlsx.set_widths(summary, [34, 8, 8, 8, 8, 8, 8])
    for district, district_rows in selectors.results_by_district(rows):
        sheet = wb.create_sheet(district.name_th[:31])
        xlsx.write_row(sheet, 1, HEADERS, bold=True)
        for number, row in enumerate(district_rows, start=1):
            xlsx.write_row(
                sheet,
                number + 1,
                [
                    number,
                    row.product.code,
                    row.product.name,
                    thai_label(Category(row.product.category).label),
                    row.application.producer.name,
                    district.name_th,
                    float(row.score) if row.score is not None else None,
                    row.stars,
                ],
            )
        xlsx.set_widths(sheet, [6, 18, 36, 26, 32, 16, 10, 10])
    return xlsx.to_bytes(wb)


PSO_HEADERS = [
    "ที่",
    "ประเภทผลิตภัณฑ์",
    "รหัสผลิตภัณฑ์",
    "ชื่อผลิตภัณฑ์",
    "ผู้ผลิต",
    "อำเภอ",
    "ระดับดาวล่าสุด",
    "ปีที่ได้ระดับดาว",
    "เหตุผลที่เป็นผลิตภัณฑ์อัตลักษณ์ของจังหวัด",
    "ผู้เลือก",
]


def pso_rows(round_: Round) -> list[list]:
    """One row per product category (in the registry's order): the province's pick with
    its latest star level up to the round's year, or the category with empty cells."""
    picks = selectors.pso_picks(round_=round_)
    ratings = selectors.latest_ratings(
        round_=round_, product_ids=[p.product_id for p in picks.values()]
    )
    rows = []
    for number, (value, lazy_label) in enumerate(Category.choices, start=1):
        label = thai_label(lazy_label)
        pick = picks.get(value)
        if pick is None:
            rows.append([number, label, None, "(ยังไม่ได้เลือก)", None, None, None, None, None, None])
            continue
        product = pick.product
        stars, year = ratings.get(product.pk, (None, None))
        rows.append(
            [
                number,
                label,
                product.code,
                product.name,
                product.producer.name,
                product.producer.district.name_th,
                stars,
                year,
                pick.remark,
                _name(pick.picked_by),
            ]
        )
    return rows


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def pso_workbook(round_: Round) -> bytes:
    """The PSO results: the province's product of each category with its remark. Every
    typed text (names, remarks) goes through documents.xlsx, so none becomes a formula."""
    wb = xlsx.new_workbook()
    sheet = wb.active
    sheet.title = "ผลิตภัณฑ์ PSO"
    xlsx.merged_title(sheet, 1, f"ผลการคัดเลือก {round_.title}", columns=len(PSO_HEADERS))
    xlsx.merged_title(
        sheet, 2, f"จังหวัด{round_.province.name_th}", columns=len(PSO_HEADERS), bold=False
    )
    xlsx.write_row(sheet, 4, PSO_HEADERS, bold=True)
    for line, row in enumerate(pso_rows(round_), start=5):
        xlsx.write_row(sheet, line, row)
    xlsx.set_widths(sheet, [6, 28, 16, 34, 30, 16, 10, 10, 48, 20])
    return xlsx.to_bytes(wb)

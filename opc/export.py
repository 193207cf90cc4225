"""The results workbook (.xlsx): a summary per category and star level, then one sheet
of rows per district. Written with documents.xlsx's safe helpers (no formula injection)."""

from __future__ import annotations

from openpyxl import Workbook

from documents import xlsx
from opc import selectors
from selection.models import Round

HEADERS = ["ที่", "รหัสผลิตภัณฑ์", "ชื่อผลิตภัณฑ์", "ประเภท", "ผู้ผลิต", "อำเภอ", "คะแนนรวม", "ระดับดาว"]


def results_workbook(round_: Round) -> bytes:
    rows = selectors.result_rows(round_=round_)
    wb = Workbook()
    summary = wb.active
    summary.title = "สรุปตามประเภท"
    xlsx.merged_title(summary, 1, f"ผลการคัดสรร {round_.title}", columns=7)
    xlsx.write_row(
        summary, 3, ["ประเภทผลิตภัณฑ์", "๕ ดาว", "๔ ดาว", "๓ ดาว", "๒ ดาว", "๑ ดาว", "รวม"], bold=True
    )
    line = 4
    for entry in selectors.results_by_category(rows):
        xlsx.write_row(summary, line, [entry["category"], *entry["counts"], entry["total"]])
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
                    row.product.get_category_display(),
                    row.application.producer.name,
                    district.name_th,
                    float(row.score) if row.score is not None else None,
                    row.stars,
                ],
            )
        xlsx.set_widths(sheet, [6, 18, 36, 26, 32, 16, 10, 10])
    return xlsx.to_bytes(wb)

"""The province's consolidated list as .xlsx (one row per nomination).

A small formula-safe writer of our own: `documents/xlsx.py` has a fuller one, but
documents is a higher layer than nominations (imports only go down), so this module
repeats its one safety rule: every string is a string cell, and text that a spreadsheet
would read as a formula (= + - @, tab, CR, LF) gets a quote prefix.
"""

from __future__ import annotations

import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from nominations.models import Submission
from nominations.rules import STATUS_TH
from selection.models import Nomination, Round

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
HEADERS = [
    "ที่",
    "อำเภอ",
    "ลำดับในอำเภอ",
    "รหัส",
    "ชื่อ",
    "ผู้ผลิต",
    "ชั้นเกณฑ์",
    "เหตุผลประกอบการพิจารณา",
    "สถานะของอำเภอ",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _write(ws, row: int, column: int, value) -> None:
    cell = ws.cell(row=row, column=column)
    if value is None or isinstance(value, int | float):
        cell.value = value
        return
    text = str(value)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True


def consolidated_workbook(round_: Round) -> bytes:
    statuses = dict(Submission.objects.filter(round=round_).values_list("district_id", "status"))
    nominations = (
        Nomination.objects.filter(round=round_)
        .select_related("district", "producer", "product")
        .order_by("district_id", "position", "pk")
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "รายชื่อรวม"
    _write(ws, 1, 1, f"{round_.title} ปีงบประมาณ {round_.fiscal_year}")
    ws.cell(row=1, column=1).font = Font(bold=True)
    for column, header in enumerate(HEADERS, start=1):
        _write(ws, 2, column, header)
        ws.cell(row=2, column=column).font = Font(bold=True)
    for number, n in enumerate(nominations, start=1):
        target = n.product or n.producer
        values = [
            number,
            n.district.name_th,
            n.position,
            target.code,
            target.name,
            n.producer.name if n.product else "",
            "สำรอง" if n.tier > 1 else "หลัก",
            n.justification,
            STATUS_TH.get(statuses.get(n.district_id, "draft"), ""),
        ]
        for column, value in enumerate(values, start=1):
            _write(ws, number + 2, column, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def consolidated_response(round_: Round) -> HttpResponse:
    response = HttpResponse(consolidated_workbook(round_), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{round_.slug}-nominations.xlsx"'
    return response

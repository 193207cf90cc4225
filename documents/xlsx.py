"""Printable .xlsx sheets with openpyxl: what every return form and list is built from.

Safety first, and not here: every value goes into a cell through registry.xlsx_safe (text
is always a string cell, formula-like text gets the quote prefix, and saving a workbook
made by `new_workbook` sweeps every cell once more). `write_cell`, `new_workbook`,
`is_formula_like` and `to_bytes` below are that module's.

Layout helpers: Thai font, thin borders, merged title rows, column widths, A4 print
setup with repeated header rows, list validations, and a hidden `_meta` sheet plus
workbook defined names that identify what the file is (round, district) so it can be
loaded back.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from registry.xlsx_safe import (  # noqa: F401 (re-exported for the document builders)
    FORMULA_TRIGGERS,
    SafeWorkbook,
    is_formula_like,
    new_workbook,
    write_cell,
)
from registry.xlsx_safe import workbook_bytes as to_bytes  # noqa: F401

# Excel has no Laksaman; TH Sarabun New ships with Thai Office, and LibreOffice falls back
# to a Thai face. Size 16 is the government size in that face.
THAI_FONT = "TH Sarabun New"
FONT_SIZE = 16
META_SHEET = "_meta"

thin = Side(style="thin", color="000000")
BORDER = Border(left=thin, right=thin, top=thin, bottom=thin)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def font(*, bold: bool = False, size: int = FONT_SIZE, color: str | None = None) -> Font:
    return Font(name=THAI_FONT, size=size, bold=bold, color=color)


def write_row(
    ws: Worksheet,
    row: int,
    values: Sequence[object],
    *,
    start_column: int = 1,
    bold: bool = False,
    border: bool = True,
    alignment: Alignment = WRAP,
) -> None:
    for offset, value in enumerate(values):
        write_cell(
            ws,
            row,
            start_column + offset,
            value,
            font=font(bold=bold),
            alignment=alignment,
            **({"border": BORDER} if border else {}),
        )


def merged_title(
    ws: Worksheet, row: int, text: str, *, columns: int, bold: bool = True, size: int = FONT_SIZE
) -> None:
    """A title across `columns` columns of one row, centred."""
    write_cell(ws, row, 1, text, font=font(bold=bold, size=size), alignment=CENTER)
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    """Column widths in Excel character units."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def fit_widths(
    ws: Worksheet, rows: Iterable[Sequence[object]], *, minimum: float = 6, maximum: float = 45
) -> list[float]:
    """Widths that fit the longest value of each column, Thai combining marks not counted.

    Thai above/below vowels and tone marks take no width, so counting code points would
    make Thai columns far too wide.
    """
    widths: list[float] = []
    for values in rows:
        for index, value in enumerate(values):
            text = "" if value is None else str(value)
            longest = max((_display_length(line) for line in text.splitlines() or [""]), default=0)
            if index >= len(widths):
                widths.append(minimum)
            widths[index] = min(maximum, max(widths[index], longest * 1.15 + 2))
    set_widths(ws, widths)
    return widths


def _display_length(text: str) -> int:
    return sum(1 for ch in text if not ("\u0e31" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e"))


def print_setup(
    ws: Worksheet, *, header_rows: tuple[int, int], landscape: bool = False, fit_width: bool = True
) -> None:
    """A4, repeated header rows on every printed page, fitted to the page width."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True


def list_validation(
    ws: Worksheet, cell_range: str, choices: Sequence[str], *, title: str = "", prompt: str = ""
) -> DataValidation:
    """A drop-down of fixed choices on `cell_range`, refusing anything else (Thai message)."""
    for choice in choices:
        if "," in choice or '"' in choice:
            raise ValueError(f"ตัวเลือกต้องไม่มีเครื่องหมายจุลภาคหรืออัญประกาศ: {choice}")
    formula = '"' + ",".join(choices) + '"'
    if len(formula) > 255:
        raise ValueError("รายการตัวเลือกยาวเกิน ๒๕๕ ตัวอักษร ให้ใช้ช่วงเซลล์แทน")
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="ค่าไม่ถูกต้อง",
        error="กรุณาเลือกจากรายการเท่านั้น",
        promptTitle=title or None,
        prompt=prompt or None,
        showInputMessage=bool(prompt),
    )
    ws.add_data_validation(validation)
    validation.add(cell_range)
    return validation


def write_metadata(wb: SafeWorkbook, meta: dict[str, object]) -> Worksheet:
    """Identify the file: a hidden `_meta` sheet (key, value) and one defined name per key.

    Defined names are `otop_<key>` and point at the value cell, so a reader can find them
    even if someone reorders the hidden sheet.
    """
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    write_cell(ws, 1, 1, "key")
    write_cell(ws, 1, 2, "value")
    for row, (key, value) in enumerate(meta.items(), start=2):
        write_cell(ws, row, 1, key)
        write_cell(ws, row, 2, value)
        ref = f"{quote_sheetname(META_SHEET)}!$B${row}"
        wb.defined_names[f"otop_{key}"] = DefinedName(f"otop_{key}", attr_text=ref)
    ws.protection.sheet = True
    return ws


def read_metadata(wb) -> dict[str, object]:
    """The metadata `write_metadata` stored (in a workbook opened with `reopen`), read
    through the defined names."""
    meta: dict[str, object] = {}
    for name, definition in wb.defined_names.items():
        if not name.startswith("otop_"):
            continue
        for sheet_title, coordinate in definition.destinations:
            meta[name.removeprefix("otop_")] = wb[sheet_title][coordinate.replace("$", "")].value
    return meta


def reopen(data: bytes):
    return load_workbook(io.BytesIO(data))

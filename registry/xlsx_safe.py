"""The one formula-safe way the app writes .xlsx: every workbook it hands out is made here.

A value a person typed (a producer's name, a remark, a cell of an uploaded sheet) must
never become a formula or a DDE call in the recipient's Excel or LibreOffice (OWASP "CSV
injection"). openpyxl turns any string starting with "=" into a formula cell, and a
spreadsheet re-reads text starting with = + - @ (or a tab or line break before them, or
their full-width forms ＝ ＋ － ＠) as a formula as soon as someone edits the cell. So:

- `set_value` / `write_cell` are the only way values go into cells: text is always a string
  cell (data type "s"), formula-like text also gets the quote prefix (Excel's leading
  apostrophe: the visible text stays exactly what was typed, editing keeps it text).
  Numbers, dates and booleans stay typed so Excel can compute with them; a phone number
  or a code is a string in the models, so it stays text.
- `new_workbook()` makes a `SafeWorkbook`: saving it sweeps every cell once more, so a
  value written around `write_cell` (`ws["A1"] = …`, `ws.append`) is neutralised too; in
  write-only mode its sheets' `append` writes every value through `set_value`.
- The app's own formulas (a SUM total row) are possible only through `write_formula`,
  which accepts nothing but an aggregate over cell ranges and is remembered per sheet, so
  the sweep keeps exactly those and no other formula.

Lives at the bottom layer (registry) so every app can use it: the registry's import error
workbook, the documents (return forms, consolidated list) and the OPC/PSO results.
tests/security/test_exports_formula_safe.py downloads every export with hostile text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

from openpyxl import Workbook as _OpenpyxlWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

# Leading characters a spreadsheet may read as the start of a formula or DDE payload.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
TYPED = (bool, int, float, Decimal, dt.date, dt.datetime, dt.time, dt.timedelta)
MAX_TEXT = 32767  # Excel's limit for one cell
# The media type of every .xlsx the app hands out (documents, OPC/PSO results).
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The only formulas the app may write itself: aggregates over cell ranges.
APP_FORMULA = re.compile(
    r"=(SUM|COUNT|COUNTA|AVERAGE|MIN|MAX)\("
    r"\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?(,\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?)*\)"
)
_FORMULAS_ATTR = "_app_formulas"


def is_formula_like(value: object) -> bool:
    """True for text that a spreadsheet could take for a formula or a DDE payload."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def cell_text(value: object) -> str:
    """`value` as the text a cell can hold and give back unchanged.

    XML turns a bare CR into LF on the way back, so line breaks are stored as LF; control
    characters XML cannot carry (an uploaded cell may hold them) are dropped rather than
    failing the whole download; Excel's 32,767-character limit applies.
    """
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_TEXT]


def set_value(cell: Cell, value: object) -> Cell:
    """Put `value` into `cell` so that it can never be a formula (see the module docstring)."""
    if value is None or isinstance(value, TYPED):
        cell.value = value
        cell.quotePrefix = False
        return cell
    text = cell_text(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl made "=…" a formula and "#REF!" an error: text it is
    cell.quotePrefix = is_formula_like(text)
    return cell


def write_cell(ws: Worksheet, row: int, column: int, value: object, **style) -> Cell:
    """Write one value with `set_value`; keyword arguments are cell style attributes
    (font, border, alignment, fill, number_format)."""
    cell = set_value(ws.cell(row=row, column=column), value)
    for name, attr in style.items():
        setattr(cell, name, attr)
    return cell


def write_formula(ws: Worksheet, row: int, column: int, formula: str, **style) -> Cell:
    """The app's own formula (e.g. a SUM total row), never text that came from a user.

    Only an aggregate over cell ranges is accepted (`APP_FORMULA`: =SUM(F6:F20) and the
    like); the formula is remembered on the sheet so that saving keeps it, and only it.
    """
    if not APP_FORMULA.fullmatch(formula):
        raise ValueError(f"not an aggregate over cell ranges: {formula!r}")
    cell = ws.cell(row=row, column=column)
    cell.value = formula
    cell.data_type = "f"
    for name, attr in style.items():
        setattr(cell, name, attr)
    formulas = getattr(ws, _FORMULAS_ATTR, None)
    if formulas is None:
        formulas = {}
        setattr(ws, _FORMULAS_ATTR, formulas)
    formulas[cell.coordinate] = formula
    return cell


def neutralise_sheet(ws: Worksheet) -> None:
    """Make every cell of `ws` what `set_value` would have written, except the formulas
    `write_formula` put there."""
    allowed = getattr(ws, _FORMULAS_ATTR, {})
    for cell in list(ws._cells.values()):
        value, kind = cell.value, cell.data_type
        if kind == "s":  # already text: only the quote prefix may be missing
            if is_formula_like(value) and not cell.quotePrefix:
                cell.quotePrefix = True
        elif kind in ("f", "e") and allowed.get(cell.coordinate) != value:
            set_value(cell, getattr(value, "text", value))  # an ArrayFormula keeps .text


class SafeWriteOnlyWorksheet(WriteOnlyWorksheet):
    """A streaming sheet whose `append` writes every value through `set_value`."""

    def append(self, row):
        super().append([_streamed(self, value) for value in row])


def _streamed(ws, value):
    if isinstance(value, Cell):  # a styled WriteOnlyCell: its value is checked all the same
        return set_value(value, value.value)
    if value is None or isinstance(value, TYPED):
        return value
    return set_value(WriteOnlyCell(ws), value)


class SafeWorkbook(_OpenpyxlWorkbook):
    """An openpyxl workbook that cannot be saved with a formula the app did not write."""

    def create_sheet(self, title=None, index=None):
        if not self.write_only:
            return super().create_sheet(title=title, index=index)
        sheet = SafeWriteOnlyWorksheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet

    def save(self, filename):
        if not self.write_only:
            for ws in self.worksheets:
                neutralise_sheet(ws)
        super().save(filename)


def new_workbook(*, write_only: bool = False) -> SafeWorkbook:
    """A workbook to write an export into (`write_only` for long streamed sheets)."""
    return SafeWorkbook(write_only=write_only)


def workbook_bytes(wb: SafeWorkbook) -> bytes:
    """The .xlsx bytes of `wb` (neutralised on the way, see SafeWorkbook.save)."""
    if not isinstance(wb, SafeWorkbook):
        raise TypeError("write exports with registry.xlsx_safe.new_workbook()")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

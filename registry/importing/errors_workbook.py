"""The error workbook: the invalid rows as they were read, plus a column saying why.

The cells are whatever the uploaded sheet held, so they are written through
registry.xlsx_safe: a name typed as `=HYPERLINK(…)` comes back as that text, not a link.
"""

from __future__ import annotations

from collections import defaultdict

from registry.importing.errors import Issue
from registry.importing.sheet import ParsedSheet
from registry.xlsx_safe import new_workbook, workbook_bytes

ERROR_HEADER = "ข้อผิดพลาด"


def error_workbook(sheet: ParsedSheet, errors: list[Issue]) -> bytes:
    """An .xlsx with the original header, each invalid row's cells, and its errors.

    Row-less errors (whole file) are listed on the first line so nothing is lost. Column
    ``แถวในไฟล์เดิม`` keeps the original row number for cross-checking.
    """
    by_row: dict[int, list[str]] = defaultdict(list)
    for issue in errors:
        by_row[issue.row].append(issue.as_text())
    book = new_workbook(write_only=True)  # its sheets' append writes through set_value
    ws = book.create_sheet(title=(sheet.sheet_name or "errors")[:31])
    width = len(sheet.headers)
    ws.append(["แถวในไฟล์เดิม", *sheet.headers, ERROR_HEADER])
    if by_row.get(0):
        ws.append(["", *[""] * width, "\n".join(by_row[0])])
    for row in sheet.rows:
        if row.number in by_row:
            cells = list(row.raw[:width]) + [""] * max(0, width - len(row.raw))
            ws.append([row.number, *cells, "\n".join(by_row[row.number])])
    return workbook_bytes(book)

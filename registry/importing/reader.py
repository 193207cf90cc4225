"""Opening an uploaded workbook safely, then reading its rows with python-calamine.

Everything that could exhaust the server is checked on the zip directory and a streamed
scan of the sheet XML *before* calamine parses anything: the file size, the total and
per-member uncompressed sizes, the compression ratio (zip bombs), and the number of rows
and cells a sheet declares or contains (calamine builds a dense grid, so a lone cell at
row 1,048,576 would cost gigabytes).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import python_calamine
from django.conf import settings

from registry.importing.errors import UnreadableFile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ROW_RE = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
# One-letter columns (A–Z) can never break a column limit, so only wider ones are looked at.
# (A cell reference attribute; a row's r="5" has no letters, so it never matches.)
_WIDE_CELL_RE = re.compile(rb' r="([A-Z]{2,3})\d')
_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_upload_bytes() -> int:
    return _limit("IMPORT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)


def _col_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


@dataclass
class Workbook:
    """An opened, checked workbook: its sheet names and a way to read one sheet's rows."""

    data: bytes
    sheet_names: list[str]
    _book: python_calamine.CalamineWorkbook = field(repr=False)

    def sheet(self, name: str | None = None) -> Sheet:
        if name is None:
            name = self.sheet_names[0]
        elif name not in self.sheet_names:
            raise UnreadableFile(f"ไม่พบชีต '{name}' ในไฟล์ (มีชีต: {', '.join(self.sheet_names)})")
        try:
            raw = self._book.get_sheet_by_name(name)
        except python_calamine.CalamineError as exc:
            raise UnreadableFile(f"อ่านชีต '{name}' ไม่ได้: ไฟล์อาจเสียหาย ({exc})") from exc
        return Sheet(name, raw)


@dataclass
class Sheet:
    """One sheet. `rows()` yields (sheet row number, list of cell values) lazily."""

    name: str
    raw: python_calamine.CalamineSheet = field(repr=False)

    @property
    def first_col(self) -> int:
        start = self.raw.start
        return start[1] if start else 0

    @property
    def height(self) -> int:
        end = self.raw.end
        return end[0] + 1 if end else 0

    def merged_ranges(self) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Merged ranges as ((row, col), (row, col)), 0-based, columns relative to `rows()`."""
        offset = self.first_col
        ranges = self.raw.merged_cell_ranges or []
        return [((r1, c1 - offset), (r2, c2 - offset)) for (r1, c1), (r2, c2) in ranges]

    def rows(self) -> Iterator[tuple[int, list]]:
        # calamine yields rows from A1 down (row index = sheet row - 1) but columns from
        # the first used column; header matching is by name, so that offset is harmless.
        if self.raw.start is None:
            return
        for index, row in enumerate(self.raw.iter_rows()):
            yield index + 1, row


def open_workbook(data: bytes) -> Workbook:
    """Check `data` is a readable, reasonable .xlsx and open it; raise UnreadableFile if not."""
    check_bytes(data)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise UnreadableFile("ไฟล์มีรหัสผ่าน: กรุณาเอารหัสผ่านออกแล้วบันทึกเป็น .xlsx ใหม่") from exc
    except (python_calamine.CalamineError, python_calamine.ZipError, ValueError) as exc:
        raise UnreadableFile(f"อ่านไฟล์ไม่ได้: ไฟล์ .xlsx อาจเสียหาย ({exc})") from exc
    except Exception as exc:  # calamine raises a few other types on broken XML
        raise UnreadableFile(f"อ่านไฟล์ไม่ได้: ไฟล์ .xlsx อาจเสียหาย ({exc})") from exc
    names = [
        meta.name
        for meta in book.sheets_metadata
        if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]
    if not names:
        raise UnreadableFile("ไฟล์ไม่มีแผ่นงาน (worksheet)")
    return Workbook(data, names, book)


def check_bytes(data: bytes) -> None:
    """Refuse what is not a sane .xlsx, looking only at bytes and the zip directory."""
    if not data:
        raise UnreadableFile("ไฟล์ว่างเปล่า (0 ไบต์)")
    limit = max_upload_bytes()
    if len(data) > limit:
        raise UnreadableFile(f"ไฟล์ใหญ่เกินกำหนด: {_mb(len(data))} (สูงสุด {_mb(limit)})")
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableFile("ไฟล์มีรหัสผ่าน: กรุณาเอารหัสผ่านออกแล้วบันทึกเป็น .xlsx ใหม่")
        raise UnreadableFile(
            "ไฟล์นี้เป็น Excel รุ่นเก่า (.xls) ซึ่งไม่รองรับ: กรุณาเปิดใน Excel แล้ว "
            "บันทึกเป็น .xlsx (Excel Workbook)"
        )
    if data.startswith(b"%PDF"):
        raise UnreadableFile("ไฟล์นี้เป็น PDF ไม่ใช่ไฟล์ Excel (.xlsx)")
    if not data.startswith(ZIP_MAGIC):
        raise UnreadableFile(
            "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) (เช่น เป็น CSV หรือข้อความ): กรุณาบันทึกเป็น .xlsx แล้วลองใหม่"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise UnreadableFile("ไฟล์ .xlsx เสียหาย (zip อ่านไม่ได้)") from exc
    names = {info.filename for info in members}
    if "xl/workbook.xml" not in names:
        raise UnreadableFile("ไฟล์นี้เป็น zip แต่ไม่ใช่สมุดงาน Excel (.xlsx)")
    _check_zip_sizes(members)
    for info in members:
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            _check_sheet_shape(archive, info)


def _check_zip_sizes(members: list[zipfile.ZipInfo]) -> None:
    total_limit = _limit("IMPORT_MAX_UNCOMPRESSED_BYTES", 1024 * 1024 * 1024)
    ratio_limit = _limit("IMPORT_MAX_COMPRESSION_RATIO", 200)
    total = sum(info.file_size for info in members)
    if total > total_limit:
        raise UnreadableFile(
            f"ไฟล์เมื่อคลายการบีบอัดใหญ่เกินกำหนด ({_mb(total)} สูงสุด {_mb(total_limit)}): "
            "ไม่นำเข้าเพื่อป้องกันระบบ (zip bomb)"
        )
    for info in members:
        if info.file_size > 1024 * 1024 and info.file_size > ratio_limit * max(
            info.compress_size, 1
        ):
            raise UnreadableFile(
                f"ไฟล์ถูกบีบอัดผิดปกติ ({info.filename} ขยายได้ "
                f"{info.file_size // max(info.compress_size, 1):,} เท่า): "
                "ไม่นำเข้าเพื่อป้องกันระบบ (zip bomb)"
            )


def _check_sheet_shape(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a sheet whose grid would be too large, from its XML, before calamine reads it.

    The <dimension> element is read first; the whole XML is then streamed for the last row
    and widest column actually present (a file can omit or misstate its dimension).
    """
    max_rows = _limit("IMPORT_MAX_ROWS", 300_000)
    max_cols = _limit("IMPORT_MAX_COLUMNS", 200)
    last_row = 0
    widest = 0
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(4 * 1024 * 1024):
            block = tail + chunk
            if not last_row and not widest and (m := _DIMENSION_RE.search(block)):
                last_row = int(m.group(4) or m.group(2))
                widest = _col_number(m.group(3) or m.group(1))
                _refuse_shape(last_row, widest, max_rows, max_cols)
            # Rows are written in order: the last <row> of the block is the furthest one.
            at = block.rfind(b"<row ")
            if at >= 0 and (m := _ROW_RE.match(block, at)):
                last_row = max(last_row, int(m.group(1)))
            elif rows := _ROW_RE.findall(block):  # namespaced <x:row>: rare, slower
                last_row = max(last_row, int(rows[-1]))
            for letters in set(_WIDE_CELL_RE.findall(block)):
                widest = max(widest, _col_number(letters))
            _refuse_shape(last_row, widest, max_rows, max_cols)
            tail = block[-256:]


def _refuse_shape(rows: int, cols: int, max_rows: int, max_cols: int) -> None:
    if rows > max_rows:
        raise UnreadableFile(
            f"ชีตมีแถวมากเกินกำหนด ({rows:,} แถว สูงสุด {max_rows:,} แถว): "
            "อาจมีแถวว่างจำนวนมาก กรุณาลบแถวว่างท้ายตารางแล้วบันทึกใหม่"
        )
    if cols > max_cols:
        raise UnreadableFile(
            f"ชีตมีคอลัมน์มากเกินกำหนด ({cols:,} คอลัมน์ สูงสุด {max_cols:,}): "
            "กรุณาลบคอลัมน์ว่างท้ายตารางแล้วบันทึกใหม่"
        )

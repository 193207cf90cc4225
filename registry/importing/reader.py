"""Opening an uploaded workbook safely, then reading its rows with python-calamine.

Everything that could exhaust the server is checked *before* calamine parses anything,
because calamine cannot be stopped once it starts: it builds a dense grid over the extent
of a sheet's cells (a lone cell at XFD1048576 asks for 512 GB) and a copy of a shared
string for every cell that names it, and a failed allocation in Rust aborts the whole
process (a gunicorn or task worker), with no exception to catch. So `check_bytes`:

1. refuses what is not an .xlsx from its first bytes, then checks the zip directory: the
   file size, the total and per-member uncompressed sizes, the compression ratio (zip
   bombs), the number of members, names that collide once spelt the way a zip reader
   looks them up (case and backslashes ignored);
2. finds every sheet part the way calamine does: the package relationships name the
   workbook part (not necessarily xl/workbook.xml), the workbook names its sheets, its
   relationships say where each part is (any folder, relative or absolute);
3. parses each sheet part with a real XML parser (expat), streamed in bounded chunks
   from the zip, so quoting, prefixes and namespaces make no difference; a DTD or entity
   declaration is refused outright. Elements are matched by local name in any namespace
   (calamine does the same), and it follows what calamine follows: `r` references on
   cells and rows, and cells and rows without one, which take the next position. The
   bounds: rows (`IMPORT_MAX_ROWS`), columns (`IMPORT_MAX_COLUMNS`), rows × columns of
   the extent from A1 and the number of cells (`IMPORT_MAX_CELLS`), the text the cells
   hold with shared strings expanded (`IMPORT_MAX_CELL_TEXT`), merged ranges, and the
   declared <dimension>. (A sheet written as spreadsheet programs write it is measured
   faster, by byte patterns over the part expat has found well-formed: `_CanonicalScan`.
   That scan may only accept; everything else gets the element-by-element parse.)
4. checks the shared-strings part (its declared count, which calamine reserves up
   front, and its strings), and caps the other parts calamine reads on opening;
5. also parses any other worksheet-like part in the zip, named by nothing, and gives
   the whole check a time budget (`IMPORT_MAX_CHECK_SECONDS`).

Every refusal is `UnreadableFile` with a Thai message (the commands exit 2).
"""

from __future__ import annotations

import io
import re
import time
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from xml.parsers import expat

import python_calamine
from django.conf import settings
from django.utils.translation import gettext as _

from registry.importing.errors import UnreadableFile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

CHUNK_BYTES = 1024 * 1024  # what the XML parser is fed at a time
SNIFF_BYTES = 64 * 1024  # read of an unnamed part to see whether it is a worksheet
MAX_MEMBERS = 10_000  # parts in the zip (a real workbook has tens)
MAX_MERGED_RANGES = 100_000  # per sheet; calamine keeps them all
MAX_OPENING_PART_BYTES = 64 * 1024 * 1024  # workbook, its relationships, styles
SHEET_ROOTS = frozenset({"worksheet", "chartsheet", "dialogsheet", "macrosheet"})
OFFICE_DOCUMENT = "/relationships/officeDocument"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_upload_bytes() -> int:
    return _limit("IMPORT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)


def _col_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def _col_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


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
    """Check `data` is a readable, reasonable .xlsx and open it; raise UnreadableFile if not.

    The only way the app opens an uploaded workbook (registry and participation imports,
    the allocation register, a filled return form): nothing reaches calamine unchecked.
    """
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
    """Refuse what is not a sane .xlsx before any full parse (see the module docstring)."""
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
    _PackageCheck(archive, members).run()


def _check_zip_sizes(members: list[zipfile.ZipInfo]) -> None:
    total_limit = _limit("IMPORT_MAX_UNCOMPRESSED_BYTES", 1024 * 1024 * 1024)
    ratio_limit = _limit("IMPORT_MAX_COMPRESSION_RATIO", 200)
    if len(members) > MAX_MEMBERS:
        raise UnreadableFile(
            _("ไฟล์มีส่วนประกอบมากเกินกำหนด (%(count)s ส่วน สูงสุด %(max)s): ไม่นำเข้าเพื่อป้องกันระบบ")
            % {"count": f"{len(members):,}", "max": f"{MAX_MEMBERS:,}"}
        )
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


# -- the parts, found and parsed as calamine will -----------------------------------------


def _zip_key(name: str) -> str:
    """A part name as zip readers look it up: ASCII case and slash direction ignored."""
    return name.replace("\\", "/").encode("utf-8", "surrogatepass").lower().decode("utf-8")


def _local(name: str) -> str:
    """An element or attribute name without its namespace prefix (`x:c` → `c`)."""
    return name.rpartition(":")[2]


def _parse_ref(ref: str) -> tuple[int, int] | None:
    """'GR300000' → (300000, 200), 1-based; the column is 0 when there are no letters.

    As calamine reads it: letters in either case, then digits; anything else is None.
    """
    i = 0
    col = 0
    n = len(ref)
    while i < n and ref[i].isascii() and ref[i].isalpha():
        col = col * 26 + (ord(ref[i].upper()) - 64)
        i += 1
    digits = ref[i:]
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    row = int(digits)
    return (row, col) if row > 0 else None


@dataclass
class _Limits:
    rows: int
    cols: int
    cells: int
    text: int
    deadline: float
    seconds: int

    @classmethod
    def from_settings(cls) -> _Limits:
        seconds = _limit("IMPORT_MAX_CHECK_SECONDS", 60)
        return cls(
            rows=_limit("IMPORT_MAX_ROWS", 300_000),
            cols=_limit("IMPORT_MAX_COLUMNS", 200),
            cells=_limit("IMPORT_MAX_CELLS", 4_000_000),
            text=_limit("IMPORT_MAX_CELL_TEXT", 64_000_000),
            deadline=time.monotonic() + seconds,
            seconds=seconds,
        )


@dataclass
class _Strings:
    """The length (in characters) of each shared string, in order."""

    lengths: array

    @property
    def longest(self) -> int:
        return max(self.lengths, default=0)


class _PackageCheck:
    """Find the parts calamine will read and parse each within the limits."""

    def __init__(self, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]):
        self.archive = archive
        self.members = members
        self.limits = _Limits.from_settings()
        self.by_key: dict[str, zipfile.ZipInfo] = {}
        for info in members:
            if info.is_dir():
                continue
            key = _zip_key(info.filename)
            if key in self.by_key:
                raise UnreadableFile(
                    _("ไฟล์ .xlsx เสียหาย: มีส่วนประกอบชื่อซ้ำกัน (%(part)s)") % {"part": info.filename}
                )
            self.by_key[key] = info
        self.checked: set[str] = set()

    def part(self, path: str) -> zipfile.ZipInfo | None:
        return self.by_key.get(_zip_key(path))

    def run(self) -> None:
        self.cap_opening_part(self.part("_rels/.rels"))
        base = self.workbook_folder()
        for name in ("workbook.xml", "_rels/workbook.xml.rels", "styles.xml"):
            self.cap_opening_part(self.part(f"{base}{name}"))
        strings = self.shared_strings(self.part(f"{base}sharedStrings.xml"))
        for sheet_name, info in self.sheet_parts(base):
            self.sheet(info, sheet_name, strings)
        # Any other part that looks like a worksheet or shared strings is checked too, in
        # case something finds it by another way than the one followed above.
        for info in self.members:
            if info.is_dir() or info.file_size == 0 or _zip_key(info.filename) in self.checked:
                continue
            root = self.root_of(info)
            if root in SHEET_ROOTS:
                self.sheet(info, info.filename, strings)
            elif root == "sst":
                self.shared_strings(info)

    # -- locating ----------------------------------------------------------------------

    def workbook_folder(self) -> str:
        """The workbook's folder, from the package relationships ("xl/" by default)."""
        target = None

        def start(name, attrs):
            nonlocal target
            if _local(name) == "Relationship" and attrs.get("Type", "").endswith(OFFICE_DOCUMENT):
                target = attrs.get("Target") or target

        info = self.part("_rels/.rels")
        if info is not None:
            self.parse(info, start)
        if not target:
            return "xl/"
        folder = target[: target.rfind("/") + 1] if "/" in target else ""
        return folder.removeprefix("/")

    def sheet_parts(self, base: str) -> list[tuple[str, zipfile.ZipInfo]]:
        """(sheet name, part) for every sheet the workbook names, found through its
        relationships as calamine finds them (relative to the workbook's folder, or
        absolute)."""
        targets: dict[str, str] = {}

        def rel(name, attrs):
            if _local(name) == "Relationship" and "Id" in attrs:
                targets[attrs["Id"]] = attrs.get("Target", "")

        sheets: list[tuple[str, str]] = []

        def sheet(name, attrs):
            if _local(name) != "sheet":
                return
            rel_id = ""
            for key, value in attrs.items():
                if _local(key) == "id":
                    rel_id = value
            sheets.append((attrs.get("name", ""), rel_id))

        rels = self.part(f"{base}_rels/workbook.xml.rels")
        book = self.part(f"{base}workbook.xml")
        if rels is not None:
            self.parse(rels, rel)
        if book is not None:
            self.parse(book, sheet)
        found = []
        for sheet_name, rel_id in sheets:
            target = targets.get(rel_id)
            if not target:
                continue
            path = target[1:] if target.startswith("/") else f"{base}{target}"
            info = self.part(path)
            if info is not None:
                found.append((sheet_name, info))
        return found

    def root_of(self, info: zipfile.ZipInfo) -> str | None:
        """The local name of a part's root element (from its first bytes), or None if it
        is not XML. A DTD is let through here: if the part looks like a worksheet, the
        full parse refuses it."""
        root = None

        class Found(Exception):
            pass

        def start(name, attrs):
            nonlocal root
            root = _local(name)
            raise Found

        parser = expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = start
        try:
            with self.archive.open(info) as stream:
                parser.Parse(stream.read(SNIFF_BYTES), False)
        except Found:
            return root
        except (expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            return None
        finally:
            self.within_time()
        return None

    # -- parsing ---------------------------------------------------------------------------

    def parse(self, info: zipfile.ZipInfo, start, end=None, text=None) -> None:
        """Stream one part through expat with these handlers, within the time budget."""
        self.checked.add(_zip_key(info.filename))
        parser = _parser(info.filename)
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.buffer_text = True
            parser.CharacterDataHandler = text
        with self.reading(info), self.archive.open(info) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                parser.Parse(chunk, False)
                self.within_time()
            parser.Parse(b"", True)

    @contextmanager
    def reading(self, info: zipfile.ZipInfo):
        """Broken XML or zip data in a part, as a refusal."""
        self.checked.add(_zip_key(info.filename))
        try:
            yield
        except expat.ExpatError as exc:
            raise UnreadableFile(
                _("ไฟล์ .xlsx เสียหาย: ส่วน %(part)s อ่านไม่ได้ (%(error)s)")
                % {"part": info.filename, "error": expat.ErrorString(exc.code)}
            ) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            raise UnreadableFile("ไฟล์ .xlsx เสียหาย (zip อ่านไม่ได้)") from exc

    def within_time(self) -> None:
        if time.monotonic() > self.limits.deadline:
            raise UnreadableFile(
                _("ตรวจไฟล์นานเกินกำหนด (%(seconds)s วินาที): ไฟล์ซับซ้อนผิดปกติ ไม่นำเข้าเพื่อป้องกันระบบ")
                % {"seconds": self.limits.seconds}
            )

    def cap_opening_part(self, info: zipfile.ZipInfo | None) -> None:
        """calamine keeps what these parts hold (names, formats) in memory: cap their size."""
        if info is not None and info.file_size > MAX_OPENING_PART_BYTES:
            raise UnreadableFile(
                _("ส่วนประกอบ %(part)s ของไฟล์ใหญ่ผิดปกติ (%(size)s สูงสุด %(max)s)")
                % {
                    "part": info.filename,
                    "size": _mb(info.file_size),
                    "max": _mb(MAX_OPENING_PART_BYTES),
                }
            )

    def shared_strings(self, info: zipfile.ZipInfo | None) -> _Strings:
        """Each shared string's length; refuses a declared count calamine would reserve,
        and more strings or text than the limits."""
        lengths = array("Q")
        if info is None:
            return _Strings(lengths)
        limits = self.limits
        total = 0
        current = -1  # the length of the <si> being read so far, -1 outside one
        kinds: dict[str, str] = {}

        def start(name, attrs):
            nonlocal current
            kind = kinds.get(name)
            if kind is None:
                kind = kinds[name] = _local(name)
            if kind == "si":
                if current >= 0:
                    raise UnreadableFile(_nested_message(info.filename))
                if len(lengths) >= limits.cells:
                    raise UnreadableFile(_strings_message(len(lengths) + 1, limits.cells))
                current = 0
            elif kind == "sst":
                # calamine reserves room for uniqueCount strings before reading any.
                declared = "".join(c for c in attrs.get("uniqueCount", "") if c in "0123456789")
                if declared and int(declared) > limits.cells:
                    raise UnreadableFile(_strings_message(int(declared), limits.cells))

        def end(name):
            nonlocal current
            if current >= 0 and kinds[name] == "si":
                lengths.append(current)
                current = -1

        def text(data):
            nonlocal current, total
            total += len(data)
            if current >= 0:
                current += len(data)
            if total > limits.text:
                raise UnreadableFile(_text_message(info.filename, limits.text))

        self.parse(info, start, end, text)
        return _Strings(lengths)

    def sheet(self, info: zipfile.ZipInfo, sheet_name: str, strings: _Strings) -> None:
        """Parse one sheet part: its extent, cells, merged ranges and the shared-string
        text its cells repeat, within the limits.

        Three ways, fastest first, each exact where it answers: the byte scan of a
        canonical sheet (`_CanonicalScan`: about 1.5 s for the national file), which
        only accepts; the start tags of every element (`_QuickScan`), exact when every
        cell has an `r` reference; and the sheet followed as calamine reads it
        (`_sheet_handlers`), for cells without references and for adding up the
        shared-string text when the cells could repeat too much of it even if each
        named the longest string.
        """
        canonical = _CanonicalScan(sheet_name, self.limits)
        try:
            canonical.run(self, info)
        except _NotCanonical:
            canonical = None
        if canonical is None or not canonical.within_limits():
            quick = _QuickScan(sheet_name, self.limits)
            try:
                self.parse(info, quick.start)
            except _NeedsFullScan:
                pass
            else:
                quick.extent.finish()
                if quick.shared_cells() * strings.longest <= self.limits.text:
                    return
        elif canonical.shared * strings.longest <= self.limits.text:
            return
        extent = _Extent(sheet_name, self.limits)
        self.parse(info, *_sheet_handlers(extent, self.limits, strings))
        extent.finish()


class _NeedsFullScan(Exception):
    """A cell without a reference: its position depends on the rows before it."""


class _QuickScan:
    """Start tags only: every cell's and row's reference, merged ranges, <dimension>."""

    def __init__(self, sheet_name: str, limits: _Limits):
        self.extent = _Extent(sheet_name, limits)
        self.start, self.shared_cells = self._handler(sheet_name, limits)

    def _handler(self, sheet_name: str, limits: _Limits):
        # This runs once per element of the sheet (millions): kept to the bare minimum.
        codes: dict[str, int] = {}  # element name → 1 cell, 2 row, 3 dimension, 4 merge, 0
        cols: dict[str, int] = {}  # column letters → number
        extent = self.extent
        max_cells = limits.cells
        cells = shared = merged = 0
        row_digits = None  # the row number of the last cell reference, as written
        row = last_row = last_col = 0

        def start(name, attrs):
            nonlocal cells, shared, merged, row_digits, row, last_row, last_col
            code = codes.get(name)
            if code is None:
                code = codes[name] = _QUICK_CODES.get(_local(name), 0)
            if code != 1:
                if code:
                    other(code, attrs)
                return
            ref = attrs.get("r")
            if ref is None:
                raise _NeedsFullScan
            digits = ref.lstrip(_LETTERS)
            col = cols.get(ref[: len(ref) - len(digits)])
            if col is None:
                position = _parse_ref(ref)
                if position is None or not position[1]:
                    raise UnreadableFile(_ref_message(sheet_name, ref))
                col = cols[ref[: len(ref) - len(digits)]] = position[1]
            if digits != row_digits:
                position = _parse_ref(ref)
                if position is None:
                    raise UnreadableFile(_ref_message(sheet_name, ref))
                row_digits = digits
                row = position[0]
            cells += 1
            if attrs.get("t") == "s":
                shared += 1
            if row > last_row or col > last_col:
                if cells > max_cells:
                    raise UnreadableFile(_cells_message(sheet_name, cells, max_cells))
                last_row = max(last_row, row)
                last_col = max(last_col, col)
                extent.check(last_row, last_col, f"{_col_letters(col)}{row}")
            elif cells > max_cells:
                raise UnreadableFile(_cells_message(sheet_name, cells, max_cells))

        def other(code, attrs):
            nonlocal merged
            if code == 2:
                ref = attrs.get("r")
                if ref is not None:
                    position = _parse_ref(ref)
                    if position is None:
                        raise UnreadableFile(_ref_message(sheet_name, ref))
                    extent.row(position[0])
            elif code == 3:
                extent.dimension(attrs.get("ref", ""))
            else:
                merged += 1
                if merged > MAX_MERGED_RANGES:
                    raise UnreadableFile(_merged_message(sheet_name))

        return start, lambda: shared


_QUICK_CODES = {"c": 1, "row": 2, "dimension": 3, "mergeCell": 4}


def _sheet_handlers(extent: _Extent, limits: _Limits, strings: _Strings):
    """Start, end and text handlers that follow a sheet as calamine reads it.

    Positions: a row's `r` sets the row; a row's end moves to the next row and back to
    column A; a cell's `r` sets its position, a cell without one takes the current
    position; each cell moves one column right. Rows or cells nested in a cell, and rows
    in a row, are refused: no spreadsheet writes them, and positions in them would
    depend on how a reader recovers. The text of the shared string each cell names is
    added up (calamine gives every cell its own copy).
    """
    sheet_name = extent.sheet_name
    max_cells, max_text = limits.cells, limits.text
    lengths = strings.lengths
    n_strings = len(lengths)
    kinds: dict[str, str] = {}
    row_index = 0  # calamine's cursor, 0-based
    col_index = 0
    in_row = False
    depth = 0  # elements open inside the current cell, itself included; 0 outside
    shared = False  # the current cell's value is a shared-string index
    value_depth = 0  # the depth of that cell's <v> while it is open
    digits: list[str] = []
    last_row = 0  # the extent from A1, 1-based
    last_col = 0
    cells = 0
    text_total = 0
    merged = 0

    def start(name, attrs):
        nonlocal row_index, col_index, in_row, depth, shared, value_depth
        nonlocal last_row, last_col, cells, merged
        kind = kinds.get(name)
        if kind is None:
            kind = kinds[name] = _local(name)
        if depth:
            depth += 1
            if kind == "c" or kind == "row":
                raise UnreadableFile(_nested_message(sheet_name))
            if shared and kind == "v" and not value_depth:
                value_depth = depth
            return
        if kind == "c":
            ref = attrs.get("r")
            if ref is None:
                row, col = row_index + 1, col_index + 1
            else:
                position = _parse_ref(ref)
                if position is None or not position[1]:
                    raise UnreadableFile(_ref_message(sheet_name, ref))
                row, col = position
            col_index = col  # the next cell's column, 0-based
            cells += 1
            if cells > max_cells:
                raise UnreadableFile(_cells_message(sheet_name, cells, max_cells))
            if row > last_row or col > last_col:
                last_row = max(last_row, row)
                last_col = max(last_col, col)
                extent.check(last_row, last_col, f"{_col_letters(col)}{row}")
            depth = 1
            shared = attrs.get("t") == "s"
        elif kind == "row":
            if in_row:
                raise UnreadableFile(_nested_message(sheet_name))
            in_row = True
            ref = attrs.get("r")
            if ref is not None:
                position = _parse_ref(ref)
                if position is None:
                    raise UnreadableFile(_ref_message(sheet_name, ref))
                row_index = position[0] - 1
                extent.row(position[0])
        elif kind == "dimension":
            extent.dimension(attrs.get("ref", ""))
        elif kind == "mergeCell":
            merged += 1
            if merged > MAX_MERGED_RANGES:
                raise UnreadableFile(_merged_message(sheet_name))

    def end(name):
        nonlocal row_index, col_index, in_row, depth, value_depth, text_total
        if depth:
            if depth == value_depth:
                value_depth = 0
                index = "".join(digits).strip()
                digits.clear()
                if index.isdigit() and index.isascii() and int(index) < n_strings:
                    text_total += lengths[int(index)]
                    if text_total > max_text:
                        raise UnreadableFile(_text_message(sheet_name, max_text))
            depth -= 1
        elif kinds[name] == "row":
            in_row = False
            row_index += 1
            col_index = 0

    def text(data):
        if value_depth:
            digits.append(data)

    return start, end, text


class _Extent:
    """Refuses an extent (from A1) beyond the row, column or cell limits, saying which
    way it grew past them (more rows, more columns, or one far cell)."""

    def __init__(self, sheet_name: str, limits: _Limits):
        self.sheet_name = sheet_name
        self.limits = limits
        self.rows = 0  # the extent of the cells checked so far
        self.cols = 0
        self.row_elements = 0  # the furthest <row r="…">, even one without cells

    def row(self, number: int) -> None:
        """A row's own reference: the row limit at once; the grid (rows × columns) when
        its cells come, or at the end (`finish`) if none do."""
        self.row_elements = max(self.row_elements, number)
        if number > self.limits.rows:
            raise UnreadableFile(_rows_message(self.sheet_name, number, self.limits.rows))

    def finish(self) -> None:
        if self.row_elements > self.rows and self.cols:
            ref = f"{_col_letters(self.cols)}{self.row_elements}"
            self.check(self.row_elements, self.cols, ref)

    def check(self, rows: int, cols: int, far_ref: str) -> None:
        limits, sheet = self.limits, self.sheet_name
        grew_rows, grew_cols = rows > self.rows, cols > self.cols
        self.rows, self.cols = max(rows, self.rows), max(cols, self.cols)
        if rows > limits.rows:
            raise UnreadableFile(_rows_message(sheet, rows, limits.rows))
        if cols > limits.cols:
            raise UnreadableFile(_cols_message(sheet, cols, limits.cols))
        if rows * cols <= limits.cells:
            return
        numbers = {
            "sheet": sheet,
            "rows": _n(rows),
            "cols": _n(cols),
            "cells": _n(rows * cols),
            "max": _n(limits.cells),
            "ref": far_ref,
        }
        if grew_rows and not grew_cols:
            message = _(
                "ชีต '%(sheet)s' มีแถวมากเกินกำหนดสำหรับตารางกว้าง %(cols)s คอลัมน์ "
                "(%(rows)s แถว × %(cols)s คอลัมน์ = %(cells)s ช่อง สูงสุด %(max)s ช่อง): "
                "อาจมีแถวว่างจำนวนมาก กรุณาลบแถวว่างท้ายตารางแล้วบันทึกใหม่"
            )
        elif grew_cols and not grew_rows:
            message = _(
                "ชีต '%(sheet)s' มีคอลัมน์มากเกินกำหนดสำหรับตารางยาว %(rows)s แถว "
                "(%(rows)s แถว × %(cols)s คอลัมน์ = %(cells)s ช่อง สูงสุด %(max)s ช่อง): "
                "กรุณาลบคอลัมน์ว่างท้ายตารางแล้วบันทึกใหม่"
            )
        else:
            message = _(
                "ชีต '%(sheet)s' มีตารางใหญ่เกินกำหนด (%(rows)s แถว × %(cols)s คอลัมน์ = "
                "%(cells)s ช่อง สูงสุด %(max)s ช่อง) เพราะมีข้อมูลถึงเซลล์ %(ref)s: "
                "กรุณาลบแถวและคอลัมน์ที่ไม่ใช้ (รวมเซลล์ที่อยู่ห่างจากตาราง) แล้วบันทึกใหม่"
            )
        raise UnreadableFile(message % numbers)

    def dimension(self, ref: str) -> None:
        """The declared <dimension ref="A1:Q100001">: its far corner counts too (checked
        on its own: the cells found are checked as they come)."""
        corners = [_parse_ref(part) for part in ref.split(":")]
        if corners and all(corners):
            rows, cols = corners[-1]
            _Extent(self.sheet_name, self.limits).check(rows, cols, ref.split(":")[-1])


# -- a faster first look at sheets written the way spreadsheet programs write them --------
# Excel, LibreOffice and openpyxl write every cell as <c r="B7" …> and every row as
# <row r="7" …>, in UTF-8, without comments, CDATA or processing instructions. For such a
# sheet, once expat has found the part well-formed, byte patterns find every cell and row
# exactly (in well-formed XML a "<" can only open markup, and all other markup is ruled
# out), at a fraction of the cost of a Python call per element. The scan only accepts:
# anything unusual, or over a limit, goes to `_QuickScan` (and then calamine's way of
# reading, `_sheet_handlers`), which decides and words the refusal.

# A cell or row tag not written as <c r="B7"…> / <row r="7"…> (another spacing, no
# reference, or another first attribute), and any of these elements with a prefix.
_ODD_CELL = re.compile(rb'<c(?:[\t\n\r/>]| (?!r="[A-Za-z]{1,7}[0-9]{1,9}"[\s/>]))')
_ODD_ROW = re.compile(rb'<row(?:[\t\n\r/>]| (?!r="[0-9]{1,9}"[\s/>]))')
_PREFIX_MARK = re.compile(rb":(?:c|row|dimension|mergeCell)[\s/>]")
_PREFIXED = re.compile(rb"<[^\s/>!?]*:(?:c|row|dimension|mergeCell)[\s/>]")
_CELL_COLUMNS = re.compile(rb'<c r="([A-Za-z]{1,7})[0-9]{1,9}"[\s/>]')
_CELL_ROWS = re.compile(rb'<c r="[A-Za-z]{1,7}([0-9]{1,9})"[\s/>]')
_SHARED_CELLS = re.compile(
    rb'<c r="[A-Za-z]{1,7}[0-9]{1,9}"(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*?'
    rb'\s+t\s*=\s*(?:"s"|\'s\')'
)
_ROW_REFS = re.compile(rb'<row r="([0-9]{1,9})"[\s/>]')
_DIMENSION = re.compile(rb"<dimension\s+ref\s*=\s*(?:\"([A-Za-z0-9:]*)\"|'([A-Za-z0-9:]*)')")
_MERGE_CELLS = re.compile(rb"<mergeCell[\s/>]")
_MAX_TAIL = 1024 * 1024


class _NotCanonical(Exception):
    """Something the byte scan does not handle: the element-by-element scan decides."""


class _CanonicalScan:
    """Counts and extents of a canonical sheet part, from its bytes (see above)."""

    def __init__(self, sheet_name: str, limits: _Limits):
        self.sheet_name = sheet_name
        self.limits = limits
        self.cells = self.shared = self.merged = 0
        self.columns: set[bytes] = set()
        self.last_row = 0  # from cells
        self.last_row_element = 0  # from <row r="…">
        self.dimensions: list[bytes] = []

    def run(self, check: _PackageCheck, info: zipfile.ZipInfo) -> None:
        parser = _parser(info.filename)

        def not_canonical(*args):
            raise _NotCanonical

        def declaration(version, encoding, standalone):
            if encoding and encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
                raise _NotCanonical

        parser.CommentHandler = not_canonical
        parser.StartCdataSectionHandler = not_canonical
        parser.ProcessingInstructionHandler = not_canonical
        parser.XmlDeclHandler = declaration
        tail = b""
        first = True
        with check.reading(info), check.archive.open(info) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                if first and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                    raise _NotCanonical  # UTF-16
                first = False
                parser.Parse(chunk, False)
                block = tail + chunk
                cut = block.rfind(b"<")
                if cut < 0:
                    tail = b""
                    continue
                self.scan(block[:cut])
                tail = block[cut:]
                if len(tail) > _MAX_TAIL:
                    raise _NotCanonical
                check.within_time()
            parser.Parse(b"", True)
        self.scan(tail)

    def scan(self, part: bytes) -> None:
        """Every tag in `part` is whole (it was cut just before a "<")."""
        if _ODD_CELL.search(part) or _ODD_ROW.search(part):
            raise _NotCanonical  # a cell or row without a reference, or written otherwise
        if _PREFIX_MARK.search(part) and _PREFIXED.search(part):
            raise _NotCanonical
        columns = _CELL_COLUMNS.findall(part)
        if columns:
            self.cells += len(columns)
            self.columns.update(columns)
            rows = set(_CELL_ROWS.findall(part))
            self.last_row = max(self.last_row, max(map(int, rows)))
            self.shared += len(_SHARED_CELLS.findall(part))
            if len(self.columns) > 2 * self.limits.cols:
                raise _NotCanonical
        row_refs = _ROW_REFS.findall(part)
        if row_refs:
            self.last_row_element = max(self.last_row_element, max(map(int, set(row_refs))))
        if b"<dimension" in part:
            found = _DIMENSION.findall(part)
            if len(found) != part.count(b"<dimension"):
                raise _NotCanonical
            self.dimensions += [double or single for double, single in found]
        if b"<mergeCell" in part:
            self.merged += len(_MERGE_CELLS.findall(part))

    def within_limits(self) -> bool:
        """True if the exact scan would let this sheet through (the shared-string text
        aside, which the caller weighs with `shared`)."""
        limits = self.limits
        last_col = max((_col_number(c.upper()) for c in self.columns), default=0)
        last_row = max(self.last_row, self.last_row_element if last_col else 0)
        if (
            max(last_row, self.last_row_element) > limits.rows
            or last_col > limits.cols
            or last_row * last_col > limits.cells
            or self.cells > limits.cells
            or self.merged > MAX_MERGED_RANGES
        ):
            return False
        for ref in self.dimensions:
            corners = [_parse_ref(part) for part in ref.decode("ascii").split(":")]
            if corners and all(corners):
                rows, cols = corners[-1]
                if rows > limits.rows or cols > limits.cols or rows * cols > limits.cells:
                    return False
        return True


def _parser(part: str):
    """An expat parser that refuses any DTD (so no entity can be declared or expanded).

    No namespace processing: names keep their prefix and are matched by local name, as
    calamine matches them, so a prefix or a namespace cannot hide an element.
    """
    parser = expat.ParserCreate()

    def refuse_dtd(*args):
        raise UnreadableFile(
            _(
                "ไฟล์มีส่วนที่ไม่ปลอดภัย (DTD หรือ entity ใน %(part)s) ซึ่งไฟล์ Excel ปกติไม่มี: "
                "กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx ใหม่"
            )
            % {"part": part}
        )

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


# -- refusals ------------------------------------------------------------------------------


def _n(number: int) -> str:
    return f"{number:,}"


def _rows_message(sheet: str, rows: int, limit: int) -> str:
    return _(
        "ชีต '%(sheet)s' มีแถวมากเกินกำหนด (%(rows)s แถว สูงสุด %(max)s แถว): "
        "อาจมีแถวว่างจำนวนมาก กรุณาลบแถวว่างท้ายตารางแล้วบันทึกใหม่"
    ) % {"sheet": sheet, "rows": _n(rows), "max": _n(limit)}


def _cols_message(sheet: str, cols: int, limit: int) -> str:
    return _(
        "ชีต '%(sheet)s' มีคอลัมน์มากเกินกำหนด (%(cols)s คอลัมน์ สูงสุด %(max)s): "
        "กรุณาลบคอลัมน์ว่างท้ายตารางแล้วบันทึกใหม่"
    ) % {"sheet": sheet, "cols": _n(cols), "max": _n(limit)}


def _cells_message(sheet: str, cells: int, limit: int) -> str:
    return _("ชีต '%(sheet)s' มีเซลล์มากเกินกำหนด (%(cells)s เซลล์ สูงสุด %(max)s เซลล์)") % {
        "sheet": sheet,
        "cells": _n(cells),
        "max": _n(limit),
    }


def _text_message(where: str, limit: int) -> str:
    return _(
        "ข้อความในเซลล์ของ '%(where)s' รวมกันยาวเกินกำหนด (เกิน %(max)s ตัวอักษร): ไม่นำเข้าเพื่อป้องกันระบบ"
    ) % {"where": where, "max": _n(limit)}


def _strings_message(count: int, limit: int) -> str:
    return _(
        "ไฟล์มีข้อความใช้ร่วม (shared strings) มากเกินกำหนด (%(count)s รายการ สูงสุด %(max)s): "
        "ไม่นำเข้าเพื่อป้องกันระบบ"
    ) % {"count": _n(count), "max": _n(limit)}


def _merged_message(sheet: str) -> str:
    return _("ชีต '%(sheet)s' มีช่วงเซลล์ผสาน (merge) มากเกินกำหนด (สูงสุด %(max)s ช่วง)") % {
        "sheet": sheet,
        "max": _n(MAX_MERGED_RANGES),
    }


def _ref_message(sheet: str, ref: str) -> str:
    return _("ไฟล์ .xlsx เสียหาย: ตำแหน่งเซลล์ '%(ref)s' ในชีต '%(sheet)s' ไม่ถูกต้อง") % {
        "ref": ref[:20],
        "sheet": sheet,
    }


def _nested_message(where: str) -> str:
    return _(
        "ไฟล์ .xlsx เสียหาย: โครงสร้างของ '%(where)s' ผิดรูปแบบ (แถวหรือเซลล์ซ้อนกัน): "
        "กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx ใหม่"
    ) % {"where": where}

"""Describing a sheet (`SheetSpec`) and reading it: header detection, alias matching, parsing.

A `SheetSpec` lists its `Column`s (a key, the canonical Thai header, accepted aliases,
whether it is required, and a parser from `values`). `read_sheet` finds the header row in
the first rows of the sheet (title rows above it and merged header cells are fine), maps
the headers, and parses every data row into a `ParsedRow` (typed values by key, plus the
row's cell errors). Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from registry.importing.errors import Issue, UnreadableFile
from registry.importing.reader import Sheet
from registry.importing.values import CellError, Parsed, as_text, is_blank, parse_text

MISSING = object()


def normalize_header(text) -> str:
    """Header matching ignores case, surrounding and repeated spaces and a trailing colon."""
    text = " ".join(as_text(text).split()).casefold()
    return text.rstrip(":：").strip()


@dataclass(frozen=True)
class Column:
    """One column a sheet may have.

    `parse` turns a non-blank cell into a typed value (or raises `CellError`, or returns
    `Parsed(value, warning)`). `cache=True` memoises parse results by raw value, which pays
    off on low-cardinality columns (years, provinces, categories) of large files.
    """

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    parse: Callable = parse_text
    cache: bool = True


@dataclass(frozen=True)
class SheetSpec:
    """The columns of one kind of sheet. `required_any` lists groups of keys of which at
    least one column must be present (e.g. producer code or product code)."""

    title: str
    columns: tuple[Column, ...]
    required_any: tuple[tuple[str, ...], ...] = ()
    header_scan_rows: int = 30

    def alias_table(self) -> dict[str, Column]:
        table = {}
        for column in self.columns:
            for name in (column.header, column.key, *column.aliases):
                table.setdefault(normalize_header(name), column)
        return table

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass
class ParsedRow:
    number: int
    values: dict
    raw: list
    errors: list[Issue] = field(default_factory=list)


@dataclass
class ParsedSheet:
    """A sheet read against a spec: rows parsed, header facts kept for the report."""

    spec: SheetSpec
    sheet_name: str
    header_row: int
    headers: list[str]
    columns: dict[str, int]
    unknown_headers: list[str]
    rows: list[ParsedRow]
    warnings: list[Issue]

    def header_of(self, key: str) -> str:
        index = self.columns.get(key)
        return self.headers[index] if index is not None else self.spec.column(key).header


def _effective_header(buffer, at: int, merges) -> list:
    """The header cells of buffer row `at`, with merged cells taking their range's value."""
    number, cells = buffer[at]
    cells = list(cells)
    by_number = {n: c for n, c in buffer}
    for (r1, c1), (r2, c2) in merges:
        if r1 + 1 <= number <= r2 + 1:
            top = by_number.get(r1 + 1, [])
            value = top[c1] if 0 <= c1 < len(top) else ""
            for col in range(max(c1, 0), c2 + 1):
                while len(cells) <= col:
                    cells.append("")
                if is_blank(cells[col]):
                    cells[col] = value
    return cells


def _match(cells, table) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        column = table.get(normalize_header(cell)) if not is_blank(cell) else None
        if column and column.key not in found:
            found[column.key] = index
    return found


def find_header(sheet: Sheet, spec: SheetSpec, rows_iter):
    """Scan the first rows for the header; return (buffer index, cells, mapping, buffer).

    The chosen row is the one matching the most known columns; it must match at least two.
    """
    table = spec.alias_table()
    merges = sheet.merged_ranges()
    buffer: list[tuple[int, list]] = []
    for number, cells in rows_iter:
        buffer.append((number, cells))
        if len(buffer) >= spec.header_scan_rows:
            break
    if not buffer or all(all(is_blank(c) for c in cells) for _, cells in buffer):
        raise UnreadableFile(f"ชีต '{sheet.name}' ไม่มีข้อมูล")
    best = None
    for at in range(len(buffer)):
        cells = _effective_header(buffer, at, merges)
        mapping = _match(cells, table)
        if best is None or len(mapping) > len(best[2]):
            best = (at, cells, mapping)
    at, cells, mapping = best
    if len(mapping) < 2:
        expected = ", ".join(c.header for c in spec.columns if c.required)
        raise UnreadableFile(
            f"ไม่พบแถวหัวตารางของ{spec.title}ใน {spec.header_scan_rows} แถวแรกของชีต "
            f"'{sheet.name}': ต้องมีหัวคอลัมน์ เช่น {expected}"
        )
    missing = [c.header for c in spec.columns if c.required and c.key not in mapping]
    for group in spec.required_any:
        if not any(key in mapping for key in group):
            missing.append(" หรือ ".join(spec.column(k).header for k in group))
    if missing:
        raise UnreadableFile(
            f"แถวหัวตาราง (แถว {buffer[at][0]}) ขาดคอลัมน์ที่ต้องมี: {', '.join(missing)}"
        )
    # Data starts below the header and below any merged cell hanging from it.
    last = buffer[at][0]
    for (r1, _c1), (r2, _c2) in merges:
        if r1 + 1 <= last <= r2 + 1:
            last = max(last, r2 + 1)
    return at, cells, mapping, buffer, last


def read_sheet(
    sheet: Sheet, spec: SheetSpec, *, progress: Callable[[int, int], None] | None = None
) -> ParsedSheet:
    """Read and parse every data row of `sheet` (blank rows skipped)."""
    rows_iter = sheet.rows()
    at, header_cells, mapping, buffer, header_last = find_header(sheet, spec, rows_iter)
    headers = [as_text(c) if not is_blank(c) else "" for c in header_cells]
    table = spec.alias_table()
    unknown = [
        h
        for i, h in enumerate(headers)
        if h and i not in mapping.values() and normalize_header(h) not in table
    ]
    warnings: list[Issue] = []
    if unknown:
        warnings.append(
            Issue(buffer[at][0], "", "", "คอลัมน์ที่ไม่รู้จัก (ไม่นำเข้า): " + ", ".join(unknown))
        )
    plan = [(spec.column(key), index, headers[index]) for key, index in mapping.items()]
    caches: dict[str, dict] = {column.key: {} for column, _, _ in plan}
    total = max(sheet.height - header_last, 0)
    parsed: list[ParsedRow] = []

    def data_rows():
        yield from (r for r in buffer if r[0] > header_last)
        yield from rows_iter

    done = 0
    for number, cells in data_rows():
        done += 1
        if number <= header_last:
            continue
        if progress and done % 5000 == 0:
            progress(done, total)
        if all(is_blank(c) for c in cells):
            continue
        values = {}
        errors = []
        width = len(cells)
        for column, index, header in plan:
            raw = cells[index] if index < width else ""
            # Inline blank test (calamine gives '' for empty cells): this runs per cell.
            if raw == "" or raw is None or (raw.__class__ is str and raw.isspace()):
                values[column.key] = None
                if column.required:
                    errors.append(Issue(number, header, "", f"ต้องกรอก{column.header}"))
                continue
            cache = caches[column.key]
            result = cache.get(raw, MISSING) if column.cache else MISSING
            if result is MISSING:
                try:
                    result = column.parse(raw)
                except CellError as exc:
                    result = exc
                if column.cache:
                    cache[raw] = result
            if isinstance(result, CellError):
                errors.append(Issue(number, header, as_text(raw), str(result)))
                values[column.key] = None
            elif isinstance(result, Parsed):
                warnings.append(Issue(number, header, as_text(raw), result.warning))
                values[column.key] = result.value
            else:
                values[column.key] = result
        parsed.append(ParsedRow(number, values, cells, errors))
    if progress:
        progress(done, total)
    return ParsedSheet(spec, sheet.name, buffer[at][0], headers, mapping, unknown, parsed, warnings)

"""Hostile workbooks: small .xlsx files built to make a reader allocate gigabytes.

Every file here is a few kilobytes. Given to python-calamine unchecked, each would have it
build a dense grid (or a string vector) far beyond the server's memory, and Rust aborts
the whole process on a failed allocation (SIGABRT: no exception to catch). The shared
check in registry.importing.reader must refuse every one before calamine sees it.

`VARIANTS` maps a name to a builder; `build(name)` gives the bytes. The parts are written
by hand (openpyxl cannot write a lying package), with:

- the quoting of the XML attributes ('…' or "…"),
- where the workbook and its sheet parts live (the package relationships say where),
- the sheet's <dimension>, its cells and rows (with or without `r` references),
- how many sheets there are and which one is hostile.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from tests.registry.importing.corpus import HEADERS, registry_row

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _q(text: str, quote: str) -> str:
    """Write the attributes of `text` (written with double quotes) in `quote`."""
    return text.replace('"', quote)


def rows_xml(rows: list[list], *, start: int = 1, refs: bool = True) -> str:
    """Rows of inline-string/number cells, with `r` references unless `refs` is False."""
    out = []
    for number, row in enumerate(rows, start=start):
        cells = []
        for index, value in enumerate(row):
            ref = f' r="{_col(index)}{number}"' if refs else ""
            if value in ("", None):
                cells.append(f"<c{ref}/>" if not refs else "")
            elif isinstance(value, int | float):
                cells.append(f"<c{ref}><v>{value}</v></c>")
            else:
                cells.append(f'<c{ref} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
        row_ref = f' r="{number}"' if refs else ""
        out.append(f"<row{row_ref}>{''.join(cells)}</row>")
    return "".join(out)


def good_rows() -> str:
    """A header and one valid registry row: what a hostile file hides behind."""
    return rows_xml([HEADERS, registry_row()])


def sheet_xml(body: str, *, dimension: str | None = None, prefix: str = "", quote='"') -> str:
    """A worksheet part; `prefix` writes every element as `prefix:name`."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    dim = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    if prefix:
        body = body.replace("<row", f"<{p}row").replace("</row", f"</{p}row")
        body = body.replace("<c ", f"<{p}c ").replace("<c>", f"<{p}c>").replace("<c/>", f"<{p}c/>")
        body = body.replace("</c>", f"</{p}c>").replace("<v>", f"<{p}v>")
        body = body.replace("</v>", f"</{p}v>").replace("<is>", f"<{p}is>")
        body = body.replace("</is>", f"</{p}is>").replace("<t>", f"<{p}t>")
        body = body.replace("</t>", f"</{p}t>")
    text = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<{p}worksheet {xmlns}>{dim}<{p}sheetData>{body}</{p}sheetData></{p}worksheet>"
    )
    return _q(text, quote)


def package(
    sheets: list[tuple[str, str, str]],
    *,
    book: str = "xl/workbook.xml",
    quote: str = '"',
    absolute_targets: bool = False,
    extra: dict[str, str | bytes] | None = None,
    shared_strings: str | None = None,
) -> bytes:
    """A workbook package. `sheets` are (name, part path in the zip, XML).

    The workbook part is at `book` (named by the package relationships); each sheet's
    relationship target is relative to the workbook's folder unless `absolute_targets`.
    """
    folder = book.rpartition("/")[0]
    rels, entries, overrides = [], [], []
    for number, (name, path, _xml) in enumerate(sheets, start=1):
        if absolute_targets:
            target = "/" + path
        else:
            target = path[len(folder) + 1 :] if path.startswith(folder + "/") else path
        rels.append(
            f'<Relationship Id="rId{number}" Type="{REL}/worksheet" Target="{escape(target)}"/>'
        )
        entries.append(f'<sheet name="{escape(name)}" sheetId="{number}" r:id="rId{number}"/>')
        overrides.append(f'<Override PartName="/{path}" ContentType="{SHEET_CT}"/>')
    if shared_strings is not None:
        rels.append(
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{book}" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{''.join(overrides)}</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="{book}"/>'
            "</Relationships>"
        ),
        book: (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheets>{''.join(entries)}</sheets></workbook>"
        ),
        f"{folder}/_rels/{book.rpartition('/')[2]}.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
            f"{''.join(rels)}</Relationships>"
        ),
    }
    for _name, path, xml in sheets:
        parts[path] = xml
    if shared_strings is not None:
        parts[f"{folder}/sharedStrings.xml"] = shared_strings
    parts.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            if isinstance(content, str) and name.endswith((".xml", ".rels")):
                content = _q(content, quote) if quote != '"' else content
            archive.writestr(name, content)
    return out.getvalue()


def one_sheet(xml: str, **kw) -> bytes:
    return package([("ทะเบียน", "xl/worksheets/sheet1.xml", xml)], **kw)


FAR_CELL = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
# Inside the row (300,000) and column (200) limits, but 60 million cells of grid.
SPARSE_FAR = '<row r="300000"><c r="GR300000"><v>1</v></c></row>'


def single_quotes_far_cell() -> bytes:
    """The issue's 5 KB file: every attribute in single quotes, one cell at XFD1048576."""
    return one_sheet(sheet_xml(good_rows() + FAR_CELL), quote="'")


def double_quotes_far_cell() -> bytes:
    return one_sheet(sheet_xml(good_rows() + FAR_CELL))


def moved_sheet_part() -> bytes:
    """The sheet part at xl/data/sheet1.xml, where the workbook's relationships say."""
    return package([("ทะเบียน", "xl/data/sheet1.xml", sheet_xml(good_rows() + FAR_CELL))])


def sheet_outside_xl() -> bytes:
    """An absolute relationship target to a part outside xl/ altogether."""
    return package(
        [("ทะเบียน", "custom/grid.xml", sheet_xml(good_rows() + FAR_CELL))],
        absolute_targets=True,
    )


def moved_workbook() -> bytes:
    """The workbook part itself moved (package relationships) beside a harmless decoy."""
    decoy = package([("ทะเบียน", "xl/worksheets/sheet1.xml", sheet_xml(good_rows()))])
    with zipfile.ZipFile(io.BytesIO(decoy)) as archive:
        extra = {
            n: archive.read(n)
            for n in archive.namelist()
            if n.startswith("xl/")  # a complete, harmless xl/ that is never read
        }
    return package(
        [("ทะเบียน", "data/book/sheets/s1.xml", sheet_xml(good_rows() + FAR_CELL))],
        book="data/book/workbook.xml",
        extra=extra,
    )


def huge_dimension() -> bytes:
    return one_sheet(sheet_xml(good_rows(), dimension="A1:XFD1048576"))


def huge_dimension_single_quotes() -> bytes:
    return one_sheet(sheet_xml(good_rows(), dimension="A1:XFD1048576"), quote="'")


def sparse_far_cell() -> bytes:
    """The issue's 4.9 KB file: one cell at GR300000 (rows and columns each allowed)."""
    return one_sheet(sheet_xml(good_rows() + SPARSE_FAR))


def lowercase_reference() -> bytes:
    return one_sheet(sheet_xml(good_rows() + SPARSE_FAR.replace("GR300000", "gr300000")))


def rows_without_references() -> bytes:
    """A far row, then cells without `r`: they follow positionally across 200 columns."""
    cells = "<c><v>1</v></c>" * 200
    return one_sheet(sheet_xml(good_rows() + f'<row r="299999"/><row>{cells}</row>'))


def positional_rows() -> bytes:
    """No `r` anywhere: 150,000 empty rows, then a row of 200 cells (30 million of grid)."""
    wide = "<row>" + "<c><v>1</v></c>" * 200 + "</row>"
    head = rows_xml([HEADERS, registry_row()], refs=False)
    return one_sheet(sheet_xml(head + "<row/>" * 150_000 + wide))


def prefixed_elements() -> bytes:
    """Every element with a namespace prefix (x:row, x:c): the same sheet for any reader."""
    return one_sheet(sheet_xml(good_rows() + FAR_CELL, prefix="x"))


def foreign_namespace_cell() -> bytes:
    """A cell element in another namespace: calamine matches local names only."""
    cell = '<c xmlns="urn:example:other" r="XFD1048576"><v>1</v></c>'
    return one_sheet(sheet_xml(good_rows() + f'<row r="1048576">{cell}</row>'))


def far_cell_after_comment_and_cdata() -> bytes:
    """A comment and a CDATA section before the far cell (markup a byte scan must not
    take for cells, nor let hide one)."""
    cdata = "<is><t><![CDATA[<c r='B9'>]]></t></is>"
    noise = f"<!-- <c r='A1'/> --><row r='3'><c r='A3' t='inlineStr'>{cdata}</c></row>"
    return one_sheet(sheet_xml(good_rows() + noise + FAR_CELL))


def far_cell_reference_not_first() -> bytes:
    """The far cell's `r` after another attribute, written with spaces around `=`."""
    cell = '<row r="1048576"><c t="n" r = "XFD1048576"><v>1</v></c></row>'
    return one_sheet(sheet_xml(good_rows() + cell))


def doctype_entity() -> bytes:
    """A DTD declaring an entity: refused whatever it declares."""
    xml = sheet_xml(good_rows()).replace(
        "<worksheet", '<!DOCTYPE worksheet [<!ENTITY far "XFD1048576">]><worksheet', 1
    )
    return one_sheet(xml)


def many_sheets_last_hostile() -> bytes:
    """Forty harmless sheets, then a hostile one."""
    sheets = [(f"ชีต{i}", f"xl/worksheets/sheet{i}.xml", sheet_xml(good_rows())) for i in range(40)]
    sheets.append(("ท้าย", "xl/worksheets/sheet40.xml", sheet_xml(good_rows() + SPARSE_FAR)))
    return package(sheets)


def second_sheet_hostile() -> bytes:
    """The first sheet is a good registry; the second (read on request) is not."""
    return package(
        [
            ("ทะเบียน", "xl/worksheets/sheet1.xml", sheet_xml(good_rows())),
            ("อื่น", "xl/worksheets/sheet2.xml", sheet_xml(good_rows() + FAR_CELL)),
        ]
    )


def unreferenced_worksheet_part() -> bytes:
    """A worksheet-like part that the workbook does not name (read by some other path)."""
    return one_sheet(
        sheet_xml(good_rows()),
        extra={"xl/worksheets/sheet9.xml": sheet_xml(good_rows() + FAR_CELL)},
    )


def case_and_backslash_paths() -> bytes:
    """The relationship says Worksheets/SHEET1.XML; the zip entry is spelt otherwise
    (zip readers match case-insensitively and take backslashes for slashes)."""
    data = package([("ทะเบียน", "xl/Worksheets/SHEET1.XML", sheet_xml(good_rows() + FAR_CELL))])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            name = info.filename
            if name == "xl/Worksheets/SHEET1.XML":
                name = "xl\\worksheets\\sheet1.xml"
            dst.writestr(name, src.read(info.filename))
    return out.getvalue()


def shared_string_count() -> bytes:
    """A shared-strings part announcing 10^12 unique strings (a reserve of 24 TB)."""
    sst = f'<sst xmlns="{MAIN}" uniqueCount="1000000000000"><si><t>x</t></si></sst>'
    return one_sheet(sheet_xml(good_rows()), shared_strings=sst)


def shared_string_fanout() -> bytes:
    """One 1 MB shared string referenced by 20,000 cells: each cell gets its own copy
    (20 GB), from a file of a few hundred kilobytes."""
    import random

    rng = random.Random(1)
    long_text = "".join(rng.choice("กขคงจฉชซฌญฎฏ") for _ in range(350_000))  # ~1 MB UTF-8
    sst = f'<sst xmlns="{MAIN}" uniqueCount="1"><si><t>{long_text}</t></si></sst>'
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(3, 20_003))
    return one_sheet(sheet_xml(good_rows() + cells), shared_strings=sst)


VARIANTS = {
    "single_quotes_far_cell": single_quotes_far_cell,
    "double_quotes_far_cell": double_quotes_far_cell,
    "moved_sheet_part": moved_sheet_part,
    "sheet_outside_xl": sheet_outside_xl,
    "moved_workbook": moved_workbook,
    "huge_dimension": huge_dimension,
    "huge_dimension_single_quotes": huge_dimension_single_quotes,
    "sparse_far_cell": sparse_far_cell,
    "lowercase_reference": lowercase_reference,
    "rows_without_references": rows_without_references,
    "positional_rows": positional_rows,
    "prefixed_elements": prefixed_elements,
    "foreign_namespace_cell": foreign_namespace_cell,
    "far_cell_after_comment_and_cdata": far_cell_after_comment_and_cdata,
    "far_cell_reference_not_first": far_cell_reference_not_first,
    "doctype_entity": doctype_entity,
    "many_sheets_last_hostile": many_sheets_last_hostile,
    "second_sheet_hostile": second_sheet_hostile,
    "unreferenced_worksheet_part": unreferenced_worksheet_part,
    "case_and_backslash_paths": case_and_backslash_paths,
    "shared_string_count": shared_string_count,
    "shared_string_fanout": shared_string_fanout,
}


def build(name: str) -> bytes:
    return VARIANTS[name]()

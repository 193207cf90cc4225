"""Builders for the import test corpus: good sheets and every kind of bad file.

Files are generated, not committed, so each test shows what it feeds the importer.
`raw_xlsx` writes the package parts by hand, for what openpyxl cannot make (formulas
with cached values, a million empty rows, a lying or missing <dimension>).
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from xml.sax.saxutils import escape

from openpyxl import Workbook

HEADERS = [
    "รหัสผู้ผลิต",
    "ชื่อผู้ผลิต",
    "ประเภทผู้ผลิต",
    "จังหวัด",
    "อำเภอ",
    "ตำบล",
    "หมู่ที่",
    "ที่อยู่",
    "โทรศัพท์",
    "รหัสผลิตภัณฑ์",
    "ชื่อผลิตภัณฑ์",
    "ประเภทผลิตภัณฑ์",
    "ปีที่ลงทะเบียน",
    "ระดับดาว",
    "ปีที่คัดสรร",
    "กลุ่ม Quadrant",
    "ปีที่จัดกลุ่ม",
]


def registry_row(
    producer="P001",
    product="X001",
    *,
    name="กลุ่มทอผ้าบ้านต๊ำ",
    ptype="กลุ่มผู้ผลิตชุมชน",
    province="พะเยา",
    district="เมืองพะเยา",
    subdistrict="บ้านต๊ำ",
    village=3,
    address="12 ถนนพหลโยธิน",
    phone="054-123456",
    product_name="ผ้าทอลายน้ำไหล",
    category="ผ้า เครื่องแต่งกาย",
    year=2560,
    stars=3,
    rating_year=2565,
    quadrant="D",
    quadrant_year=2567,
) -> list:
    return [
        producer,
        name,
        ptype,
        province,
        district,
        subdistrict,
        village,
        address,
        phone,
        product,
        product_name,
        category,
        year,
        stars,
        rating_year,
        quadrant,
        quadrant_year,
    ]


def xlsx(rows: list[list], *, headers=HEADERS, above: list[list] = (), title="ทะเบียน") -> bytes:
    """A workbook made by openpyxl: optional title rows, the header, then `rows`."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in above:
        sheet.append(row)
    if headers is not None:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell(ref: str, value) -> str:
    if isinstance(value, tuple):  # (formula, cached value)
        formula, cached = value
        if isinstance(cached, int | float):
            return f'<c r="{ref}"><f>{escape(formula)}</f><v>{cached}</v></c>'
        return f'<c r="{ref}" t="str"><f>{escape(formula)}</f><v>{escape(str(cached))}</v></c>'
    if value is None or value == "":
        return ""
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows: list[list], *, dimension: str | None = None, tail: str = "") -> str:
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{_col(c)}{r}", v) for c, v in enumerate(row))
        body.append(f'<row r="{r}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{''.join(body)}{tail}</sheetData></worksheet>"
    )


def raw_xlsx(sheet: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal valid .xlsx package around one worksheet's XML."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="ทะเบียน" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def million_empty_rows() -> bytes:
    """A header, one data row, then a million rows of empty styled cells."""
    head = sheet_xml([HEADERS, registry_row()])
    empty = "".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(3, 1_000_003))
    return raw_xlsx(head.replace("</sheetData>", empty + "</sheetData>"))


def zip_bomb() -> bytes:
    """A valid-looking package with a 300 MB member of zeros (compresses ~1000:1)."""
    out = io.BytesIO()
    base = zipfile.ZipFile(io.BytesIO(raw_xlsx(sheet_xml([HEADERS, registry_row()]))))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            archive.writestr(info.filename, base.read(info.filename))
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as handle:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                handle.write(chunk)
    return out.getvalue()


def encrypted_ole() -> bytes:
    """What Excel writes for a password-protected workbook: an OLE container whose
    directory names the EncryptionInfo and EncryptedPackage streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\0" * 50
    directory += "EncryptedPackage".encode("utf-16-le") + b"\0" * 50
    return header + directory + b"\x01" * 2048


def legacy_xls() -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    return header + "Workbook".encode("utf-16-le") + b"\0" * 2048


class TempMediaMixin:
    """Uploaded and error files go to a throwaway MEDIA_ROOT, removed after the class."""

    @classmethod
    def setUpClass(cls):
        from django.test import override_settings

        cls._media = tempfile.mkdtemp(prefix="otop-import-test-")
        cls._media_override = override_settings(MEDIA_ROOT=cls._media)
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls._media, ignore_errors=True)

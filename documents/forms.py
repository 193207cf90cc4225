"""Return forms (แบบรายงาน / แบบแจ้งรายชื่อ) of a round and district: columns, rows, .xlsx.

One column list per unit serves the PDF enclosure, the .xlsx and (later) the loader, so
the three can never disagree. A form is blank or pre-filled with the district's
nominations; its hidden `_meta` sheet names the round and district so a filled form can
be loaded back.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.labels import thai_label
from registry.thai import be_date_long, phone_display, thai_digits
from selection.units import Unit

FILL_ROWS_MIN = 10
FORM_VERSION = "1"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float


COMMON_HEAD = [Column("no", "ที่", 5)]
PRODUCER_COLUMNS = [
    *COMMON_HEAD,
    Column("producer_name", "ชื่อกลุ่มผู้ผลิตชุมชน", 30),
    Column("producer_code", "รหัสผู้ผลิต", 16),
    Column("address", "ที่อยู่", 30),
    Column("product_name", "ผลิตภัณฑ์", 24),
    Column("category", "ประเภทผลิตภัณฑ์", 18),
    Column("registered_year", "ปีที่ลงทะเบียน", 10),
    Column("rating", "ระดับดาว / Quadrant", 14),
    Column("phone", "ผู้ติดต่อ / โทรศัพท์", 16),
    Column("remark", "หมายเหตุ", 16),
]
PRODUCT_COLUMNS = [
    *COMMON_HEAD,
    Column("product_name", "ชื่อผลิตภัณฑ์", 26),
    Column("product_code", "รหัสผลิตภัณฑ์", 16),
    Column("category", "ประเภทผลิตภัณฑ์", 18),
    Column("producer_name", "ผู้ผลิต / กลุ่ม", 26),
    Column("address", "ที่อยู่", 28),
    Column("registered_year", "ปีที่ลงทะเบียน", 10),
    Column("rating", "ระดับดาว / Quadrant", 14),
    Column("phone", "โทรศัพท์", 14),
    Column("remark", "หมายเหตุ", 16),
]


def form_columns(unit: str) -> list[Column]:
    return PRODUCER_COLUMNS if unit == Unit.PRODUCER else PRODUCT_COLUMNS


def column_percents(columns: list[Column]) -> list[str]:
    """Each column's share of the printed table's width ("12.5%"), from the Excel widths:
    the PDF tables use a fixed layout (one pass, no content measuring), so they need them."""
    total = sum(c.width for c in columns)
    return [f"{c.width * 100 / total:.1f}%" for c in columns]


def form_title(unit: str) -> str:
    if unit == Unit.PRODUCER:
        return "แบบรายงานคัดเลือกกลุ่มผู้ผลิตชุมชน (แบบแจ้งรายชื่อกลุ่มเป้าหมาย)"
    return "แบบรายงานคัดเลือกผลิตภัณฑ์ OTOP (แบบแจ้งรายชื่อกลุ่มเป้าหมาย)"


def _address(producer) -> str:
    parts = [producer.address]
    if producer.village_no:
        parts.append(f"หมู่ที่ {producer.village_no}")
    if producer.subdistrict_id:
        parts.append(f"ต.{producer.subdistrict.name_th}")
    parts.append(f"อ.{producer.district.name_th}")
    return " ".join(p for p in parts if p)


def _rating(product) -> str:
    if product is None:
        return ""
    stars = sorted(product.star_ratings.all(), key=lambda r: r.year)
    quads = sorted(product.quadrant_ratings.all(), key=lambda r: r.year)
    bits = []
    if stars:
        bits.append(f"{stars[-1].stars} ดาว ({stars[-1].year})")
    if quads:
        bits.append(f"{quads[-1].quadrant} ({quads[-1].year})")
    return ", ".join(bits)


def nomination_rows(nominations, unit: str) -> list[dict[str, object]]:
    """Form rows from nominations (select/prefetch their producer, product, ratings)."""
    from registry.models import Category

    rows = []
    for number, nomination in enumerate(nominations, start=1):
        producer, product = nomination.producer, nomination.product
        if product is None and unit == Unit.PRODUCER:
            product = next(iter(producer.products.all()), None)
        rows.append(
            {
                "no": number,
                "producer_name": producer.name,
                "producer_code": producer.code,
                "product_name": product.name if product else "",
                "product_code": product.code if product else "",
                "category": thai_label(Category(product.category).label) if product else "",
                "address": _address(producer),
                "registered_year": (product.registered_year if product else None)
                or producer.registered_year,
                "rating": _rating(product),
                "phone": phone_display(producer.phone),
                "remark": nomination.justification,
            }
        )
    return rows


@dataclass
class FormData:
    """What a form shows: the round, the district (or None for a province-wide blank)."""

    round: object
    district: object | None
    rows: list[dict[str, object]]

    @property
    def unit(self) -> str:
        return self.round.program.unit

    @property
    def columns(self) -> list[Column]:
        return form_columns(self.unit)

    @property
    def headers(self) -> list[tuple[str, str]]:
        """(header, width share) of each column, for the HTML/PDF table."""
        return list(
            zip([c.header for c in self.columns], column_percents(self.columns), strict=True)
        )

    @property
    def title(self) -> str:
        return form_title(self.unit)

    @property
    def subtitle(self) -> str:
        program = self.round.program
        where = f"อำเภอ{self.district.name_th} " if self.district else ""
        return (
            f"โครงการ{program.name_th} ประจำปีงบประมาณ พ.ศ. {thai_digits(self.round.fiscal_year)} "
            f"{where}จังหวัด{self.round.province.name_th}"
        )

    @property
    def deadline_text(self) -> str:
        if not self.round.deadline:
            return ""
        return f"ส่งสำนักงานพัฒนาชุมชนจังหวัด ภายในวันที่ {be_date_long(self.round.deadline)}"


def form_data(round_, district=None, *, prefill: bool = True) -> FormData:
    """The form of one district: its nominations when `prefill`, else blank."""
    rows: list[dict[str, object]] = []
    if prefill and district is not None:
        nominations = (
            round_.nominations.filter(district=district)
            .select_related("producer__district", "producer__subdistrict", "product")
            .prefetch_related(
                "product__star_ratings",
                "product__quadrant_ratings",
                "producer__products__star_ratings",
                "producer__products__quadrant_ratings",
            )
            .order_by("position", "pk")
        )
        rows = nomination_rows(nominations, round_.program.unit)
    return FormData(round_, district, rows)


def form_xlsx(data: FormData) -> bytes:
    """The form as a real spreadsheet (see documents.xlsx for the safety rules)."""
    from documents import xlsx

    columns = data.columns
    width = len(columns)
    wb = xlsx.new_workbook()
    ws = wb.active
    ws.title = "แบบรายงาน"
    xlsx.merged_title(ws, 1, data.title, columns=width, size=18)
    xlsx.merged_title(ws, 2, data.subtitle, columns=width, bold=False)
    header_row = 4
    xlsx.write_row(ws, header_row, [c.header for c in columns], bold=True, alignment=xlsx.CENTER)
    rows = data.rows or []
    total_rows = max(FILL_ROWS_MIN, len(rows) + 3)
    for index in range(total_rows):
        row = rows[index] if index < len(rows) else {"no": index + 1}
        xlsx.write_row(ws, header_row + 1 + index, [row.get(c.key) for c in columns])
    last = header_row + total_rows
    category_column = next((i for i, c in enumerate(columns, 1) if c.key == "category"), None)
    if category_column:
        from openpyxl.utils import get_column_letter

        from registry.models import Category

        letter = get_column_letter(category_column)
        xlsx.list_validation(
            ws,
            f"{letter}{header_row + 1}:{letter}{last}",
            [thai_label(label) for label in Category.labels],
            prompt="เลือกประเภทผลิตภัณฑ์",
        )
    foot = last + 2
    district = data.district.name_th if data.district else "...................."
    for offset, text in enumerate(
        [
            f"อำเภอ {district}",
            "ผู้รายงาน ...................................................",
            "ตำแหน่ง .....................................................",
            "วันที่ ....... เดือน ............................ พ.ศ. ..........",
            data.deadline_text,
        ]
    ):
        if text:
            xlsx.write_cell(ws, foot + offset, 2, text, font=xlsx.font())
    xlsx.set_widths(ws, [c.width for c in columns])
    xlsx.print_setup(ws, header_rows=(header_row, header_row), landscape=True)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    xlsx.write_metadata(
        wb,
        {
            "kind": "return_form",
            "version": FORM_VERSION,
            "round": data.round.slug,
            "district": data.district.code if data.district else "",
            "unit": data.unit,
            "header_row": header_row,
        },
    )
    return xlsx.to_bytes(wb)


def form_html(data: FormData) -> str:
    from django.template.loader import render_to_string

    # Numbers people read get Thai digits; codes, names and phone numbers (formatted by
    # registry.thai.phone_display) keep Arabic digits.
    digits = {"no", "registered_year", "rating"}
    rows = [
        [
            thai_digits(row.get(c.key) or "") if c.key in digits else row.get(c.key)
            for c in data.columns
        ]
        for row in data.rows
    ]
    rows += [[thai_digits(len(rows) + 1 + i)] + [""] * (len(data.columns) - 1) for i in range(3)]
    return render_to_string("documents/form.html", {"form": data, "rows": rows})


def form_pdf(data: FormData):
    """The form as PDF (documents.pdf.RenderResult), landscape A4."""
    from documents.pdf import render_pdf

    return render_pdf(form_html(data))

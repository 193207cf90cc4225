"""Past participation: one row per participant (program, fiscal year, producer or product).

Products programs (QD, PSO, OPC) record the product and its owner; KBO records the
producer. When a product code is given its owner is the producer; a producer code on the
same row must agree with it. Codes must already be in the registry (import it first).
Rows are only ever added: existing participation is never removed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_noop

from registry.importing.errors import Issue
from registry.importing.kinds import PARTICIPATION_KIND
from registry.importing.plan import Plan, existing_rows
from registry.importing.sheet import Column, ParsedSheet, SheetSpec
from registry.importing.values import CellError, _squash, parse_code, parse_year
from registry.models import Participation, Producer, Product, ProgramCode

PRODUCT_PROGRAMS = {ProgramCode.QD, ProgramCode.PSO, ProgramCode.OPC}
PARTICIPATION = "การเข้าร่วมโครงการ"

_PROGRAM_ALIASES = {
    **{code: code for code in ProgramCode.values},
    **{label: code for code, label in ProgramCode.choices},
    "Knowledge-Based OTOP": ProgramCode.KBO,
    "เครือข่ายองค์ความรู้": ProgramCode.KBO,
    "การพัฒนาศักยภาพเครือข่ายองค์ความรู้": ProgramCode.KBO,
    "Quadrant D": ProgramCode.QD,
    "กลุ่มปรับตัวสู่การพัฒนา": ProgramCode.QD,
    "พัฒนาคุณภาพมาตรฐานผลิตภัณฑ์ OTOP กลุ่มปรับตัวสู่การพัฒนา": ProgramCode.QD,
    "Provincial Star OTOP": ProgramCode.PSO,
    "สุดยอดผลิตภัณฑ์ OTOP เด่นจังหวัด": ProgramCode.PSO,
    "OTOP Product Champion": ProgramCode.OPC,
    "คัดสรรสุดยอดหนึ่งตำบล หนึ่งผลิตภัณฑ์ไทย": ProgramCode.OPC,
    "การคัดสรรสุดยอดหนึ่งตำบล หนึ่งผลิตภัณฑ์ไทย": ProgramCode.OPC,
}
_PROGRAMS = {_squash(k): str(v) for k, v in _PROGRAM_ALIASES.items()}


def parse_program(value) -> str:
    key = _squash(value)
    if key in _PROGRAMS:
        return _PROGRAMS[key]
    raise CellError("โครงการต้องเป็น KBO, QD, PSO หรือ OPC (หรือชื่อโครงการภาษาไทย)")


PARTICIPATION_SPEC = SheetSpec(
    title="ประวัติการเข้าร่วมโครงการ",
    columns=(
        Column("program", "โครงการ", ("program",), True, parse_program),
        Column("fiscal_year", "ปีงบประมาณ", ("fiscal_year",), True, parse_year),
        Column("producer_code", "รหัสผู้ผลิต", ("รหัสผู้ประกอบการ",), False, parse_code, False),
        Column("product_code", "รหัสผลิตภัณฑ์", (), False, parse_code, False),
    ),
    required_any=(("producer_code", "product_code"),),
)


class ParticipationImporter:
    kind = PARTICIPATION_KIND
    label = gettext_noop("ประวัติการเข้าร่วมโครงการ")  # stored in summaries; translated where offered
    spec = PARTICIPATION_SPEC

    def plan(self, sheet: ParsedSheet) -> Plan:
        plan = Plan(rows_total=len(sheet.rows), warnings=list(sheet.warnings))
        for row in sheet.rows:
            for issue in row.errors:
                plan.error(issue)
        rows = [r for r in sheet.rows if r.number not in plan.invalid_rows]
        producer_codes = {r.values.get("producer_code") for r in rows} - {None}
        product_codes = {r.values.get("product_code") for r in rows} - {None}
        producers = {
            r["code"]: r["id"]
            for r in existing_rows(Producer.objects, "code", list(producer_codes), ["code", "id"])
        }
        products = {
            r["code"]: r
            for r in existing_rows(
                Product.objects, "code", list(product_codes), ["code", "id", "producer_id"]
            )
        }
        wanted: dict[tuple, tuple] = {}
        for row in rows:
            key = self._row_key(sheet, row, producers, products, plan)
            if key is None:
                continue
            if key in wanted:
                plan.warnings.append(
                    Issue(row.number, "", "", f"ซ้ำกับแถว {wanted[key][1]}: นับครั้งเดียว")
                )
                continue
            wanted[key] = (key, row.number)
        stored = set(
            Participation.objects.filter(
                fiscal_year__in={k[1] for k in wanted}, program__in={k[0] for k in wanted}
            ).values_list("program", "fiscal_year", "producer_id", "product_id")
        )
        create = [key for key in wanted if key not in stored]
        plan.count(PARTICIPATION).create = len(create)
        plan.count(PARTICIPATION).unchanged = len(wanted) - len(create)
        plan.payload = {"create": create}
        plan.errors.sort(key=lambda i: (i.row, i.column))
        return plan

    def _row_key(self, sheet, row, producers, products, plan):
        v = row.values
        program, year = v["program"], v["fiscal_year"]
        producer_code, product_code = v.get("producer_code"), v.get("product_code")
        if product_code is None and producer_code is None:
            plan.error(Issue(row.number, "", "", "ต้องกรอกรหัสผู้ผลิตหรือรหัสผลิตภัณฑ์"))
            return None
        producer_id = product_id = None
        if producer_code is not None:
            producer_id = producers.get(producer_code)
            if producer_id is None:
                header = sheet.header_of("producer_code")
                plan.error(Issue(row.number, header, producer_code, "ไม่พบรหัสผู้ผลิตนี้ในทะเบียน"))
                return None
        if product_code is not None:
            product = products.get(product_code)
            header = sheet.header_of("product_code")
            if product is None:
                plan.error(Issue(row.number, header, product_code, "ไม่พบรหัสผลิตภัณฑ์นี้ในทะเบียน"))
                return None
            if producer_id is not None and producer_id != product["producer_id"]:
                plan.error(
                    Issue(
                        row.number,
                        header,
                        product_code,
                        f"ผลิตภัณฑ์นี้ไม่ใช่ของผู้ผลิต {producer_code}",
                    )
                )
                return None
            producer_id = product["producer_id"]
            if program in PRODUCT_PROGRAMS:
                product_id = product["id"]
        elif program in PRODUCT_PROGRAMS:
            plan.error(
                Issue(
                    row.number,
                    sheet.header_of("product_code"),
                    "",
                    f"โครงการ {program} คัดเลือกเป็นรายผลิตภัณฑ์: ต้องกรอกรหัสผลิตภัณฑ์",
                )
            )
            return None
        return (program, year, producer_id, product_id)

    def apply(
        self,
        plan: Plan,
        *,
        progress: Callable[[int, int], None] | None = None,
        origin=None,  # participation is not change-logged (yet): no setting, no rating
    ) -> None:
        create = plan.payload["create"]
        Participation.objects.bulk_create(
            [
                Participation(program=p, fiscal_year=y, producer_id=pr, product_id=pd)
                for p, y, pr, pd in create
            ],
            batch_size=2000,
        )
        if progress:
            progress(len(create), len(create))

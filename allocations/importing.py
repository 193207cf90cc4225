"""Loading an allocation register sheet (ทะเบียนจัดสรรกลุ่มเป้าหมาย) into a round's quotas.

Built on the registry's import machinery (safe reader, header detection and aliases,
preview, all-or-nothing, error workbook, ImportBatch record). The registry knows no
rounds: the importer is built here from its context, `quota_context(round_, ...)`, which
is stored on the batch (`ImportBatch.context`) so the confirm step plans against the
same round as the preview.

A "รวม" (total) row is checked against the sum of the rows and not imported.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from allocations.models import Quota, QuotaKind
from allocations.services import QUOTA_KIND, quota_set_many
from changelog.models import ChangeSource
from changelog.services import ChangeOrigin
from registry.importing import Column, Issue, Plan, SheetSpec
from registry.importing.values import CellError, as_text, parse_int
from registry.places import PlaceIndex, PlaceNotFound
from registry.thai import thai_digits
from selection.models import Round

TOTAL_WORDS = {"รวม", "รวมทั้งสิ้น", "รวมทั้งหมด", "total"}
_KINDS = {
    "exact": QuotaKind.EXACT,
    "เท่ากับ": QuotaKind.EXACT,
    "จำนวนเท่ากับ": QuotaKind.EXACT,
    "at_least": QuotaKind.AT_LEAST,
    "อย่างน้อย": QuotaKind.AT_LEAST,
    "ขึ้นไป": QuotaKind.AT_LEAST,
    "ไม่น้อยกว่า": QuotaKind.AT_LEAST,
}


def parse_kind(value) -> str:
    key = " ".join(as_text(value).split()).casefold()
    if key in _KINDS:
        return _KINDS[key]
    raise CellError("ชนิดต้องเป็น เท่ากับ (exact) หรือ อย่างน้อย/ขึ้นไป (at_least)")


def parse_amount(value) -> int:
    return parse_int(value, label="จำนวน")


def quota_context(round_: Round, *, default_kind: str = QuotaKind.EXACT) -> dict:
    """The context a quota import keeps on its batch: the round, and the kind of rows
    that have no kind column."""
    return {"round_id": round_.pk, "default_kind": default_kind}


class QuotaImporter:
    """The allocation register of one round: `context` as `quota_context` makes it."""

    kind = QUOTA_KIND
    label = gettext_noop("ทะเบียนจัดสรรกลุ่มเป้าหมาย")  # stored in summaries; translated where offered
    spec = SheetSpec(
        title=label,
        columns=(
            Column("number", "ที่", ("ลำดับ", "ลำดับที่", "no")),
            Column("district", "อำเภอ", ("เขต", "district", "ชื่ออำเภอ"), required=True),
            Column(
                "amount",
                "จำนวน",
                (
                    "จำนวนจัดสรร",
                    "จำนวนกลุ่มที่เข้าร่วมโครงการฯ",
                    "จำนวนกลุ่มที่เข้าร่วมโครงการ",
                    "จำนวนกลุ่ม",
                    "จำนวนผลิตภัณฑ์",
                    "เป้าหมาย",
                    "quota",
                    "amount",
                ),
                required=True,
                parse=parse_amount,
            ),
            Column("kind", "ชนิด", ("ชนิดจำนวน", "kind"), parse=parse_kind),
            Column("remark", "หมายเหตุ", ("remark",)),
        ),
    )

    def __init__(self, context: dict | None = None):
        context = context or {}
        self.round_id = context.get("round_id")
        self.default_kind = context.get("default_kind") or QuotaKind.EXACT

    def plan(self, sheet) -> Plan:
        round_ = None
        if self.round_id is not None:
            round_ = Round.objects.select_related("province").filter(pk=self.round_id).first()
        plan = Plan(rows_total=len(sheet.rows))
        if round_ is None:
            plan.error(Issue(0, "", "", "ต้องระบุรอบที่จะนำเข้าจำนวนจัดสรร"))
            return plan
        if not round_.is_draft:
            plan.error(Issue(0, "", "", "แก้ไขจำนวนจัดสรรได้เฉพาะรอบที่ยังเป็นร่าง"))
        places = PlaceIndex.from_database()
        header = sheet.header_of("district")
        existing = {q.district_id: q for q in Quota.objects.filter(round=round_)}
        seen: dict[str, int] = {}
        amounts: dict[str, tuple] = {}
        total_row = None
        for row in sheet.rows:
            for issue in row.errors:
                plan.error(issue)
            name = row.values.get("district")
            if name and " ".join(name.split()).casefold() in TOTAL_WORDS:
                total_row = row
                continue
            if row.errors or not name:
                continue
            try:
                code = places.district(name, round_.province_id).code
            except PlaceNotFound as error:
                plan.error(Issue(row.number, header, name, str(error)))
                continue
            if code in seen:
                plan.error(Issue(row.number, header, name, f"อำเภอนี้ซ้ำกับแถว {seen[code]}"))
                continue
            seen[code] = row.number
            values = (
                row.values["amount"],
                row.values.get("kind") or self.default_kind,
                row.values.get("remark") or "",
            )
            amounts[code] = values
            old = existing.get(code)
            counts = plan.count("จำนวนจัดสรร")
            if old is None:
                counts.create += 1
            elif (old.amount, old.kind, old.remark) == values:
                counts.unchanged += 1
            else:
                counts.update += 1
                plan.diff(
                    "จำนวนจัดสรร",
                    name,
                    {"amount": (old.amount, values[0]), "kind": (old.kind, values[1])},
                )
        self._check_total(plan, sheet, total_row, amounts)
        plan.payload = {"round_id": round_.pk, "amounts": amounts}
        return plan

    @staticmethod
    def _check_total(plan, sheet, total_row, amounts):
        if total_row is None or total_row.values.get("amount") is None:
            return
        stated, summed = total_row.values["amount"], sum(a for a, _, _ in amounts.values())
        if stated != summed and not plan.errors:
            plan.error(
                Issue(
                    total_row.number,
                    sheet.header_of("amount"),
                    str(stated),
                    f"ยอดรวม {thai_digits(stated)} ไม่เท่ากับผลรวมรายอำเภอ {thai_digits(summed)}",
                )
            )

    def apply(self, plan, *, progress=None, origin: ChangeOrigin | None = None):
        round_ = Round.objects.get(pk=plan.payload["round_id"])
        origin = origin or ChangeOrigin(source=ChangeSource.IMPORT)
        quota_set_many(
            round_=round_,
            amounts=plan.payload["amounts"],
            user=origin.user,
            source=origin.source,
            source_ref=origin.source_ref,
        )

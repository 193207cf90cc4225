"""The quotas of a round definition file (docs/round-definition.md).

`"quotas": [{"district": "5601", "district_name": "เมืองพะเยา", "amount": 6, "kind":
"exact", "remark": ""}]`: one entry per district, by DOPA code (the name, when given,
must be the code's: it is there for people reading the file). A district may lie outside
the round's province: the seed letters have such mistakes, and the round validation
reports them rather than the import refusing them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from allocations.models import Quota, QuotaKind
from allocations.services import quota_set_many
from changelog.models import ChangeSource
from registry.models import District
from selection.models import Round
from selection.round_definition import Reader

QUOTA_KEYS = ("district", "district_name", "amount", "kind", "remark")


@dataclass(frozen=True)
class QuotaLine:
    district: str
    amount: int
    kind: str
    remark: str = ""


def quotas_parse(reader: Reader, value) -> list[QuotaLine]:
    """The `quotas` list (absent: none)."""
    if value is None:
        return []
    lines = []
    items = reader.want_list(value, "$.quotas") or []
    names = dict(
        District.objects.filter(
            code__in=[i.get("district") for i in items if isinstance(i, dict)]
        ).values_list("code", "name_th")
    )
    seen = set()
    for index, item in enumerate(items):
        path = f"$.quotas[{index}]"
        item = reader.want_object(item, path, QUOTA_KEYS)
        if item is None:
            continue
        code = item.get("district")
        if code not in names:
            reader.problem(f"{path}.district", _("ไม่พบอำเภอรหัส '%(code)s'") % {"code": code})
            continue
        if code in seen:
            reader.problem(f"{path}.district", _("อำเภอรหัส %(code)s ซ้ำ") % {"code": code})
        seen.add(code)
        name = item.get("district_name")
        if name is not None and name != names[code]:
            reader.problem(
                f"{path}.district_name",
                _("อำเภอรหัส %(code)s คือ %(name)s ไม่ใช่ %(given)s")
                % {"code": code, "name": names[code], "given": name},
            )
        amount = reader.want_int(item.get("amount"), f"{path}.amount", low=1, high=32767)
        kind = item.get("kind", QuotaKind.EXACT)
        if kind not in QuotaKind.values:
            reader.problem(
                f"{path}.kind",
                _("ชนิดต้องเป็น %(values)s") % {"values": ", ".join(QuotaKind.values)},
            )
        remark = reader.want_text(item.get("remark"), f"{path}.remark", limit=255)
        if amount is not None and kind in QuotaKind.values and remark is not None:
            lines.append(QuotaLine(code, amount, kind, remark))
    return lines


def quotas_apply(
    *, round_: Round, quotas: list[QuotaLine], user=None, source: str = ChangeSource.COMMAND
) -> int:
    """Make the draft round's quotas exactly the file's (others removed), through
    `quota_set_many` (validated, logged per district). Returns districts with a quota."""
    amounts = {
        code: (None, "", "")
        for code in Quota.objects.filter(round=round_).values_list("district_id", flat=True)
    }
    amounts.update({q.district: (q.amount, q.kind, q.remark) for q in quotas})
    return quota_set_many(round_=round_, amounts=amounts, user=user, source=source)

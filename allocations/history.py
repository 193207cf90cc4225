"""How the round page shows quota changes (one row per district changed)."""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allocations.models import QuotaKind
from allocations.services import ROUND_QUOTA
from changelog.display import EMPTY, ActionDisplay, ChangeLine, text
from registry.models import District


@cache
def _district_names() -> dict[str, str]:
    # Geography is reference data loaded by a migration: read once per process.
    return dict(District.objects.values_list("code", "name_th"))


def _kind_text(value) -> str:
    return str(QuotaKind(value).label) if value in QuotaKind.values else text(value)


def _quota_lines(change) -> list[ChangeLine]:
    name = _district_names().get(change.district_code, change.district_code)
    where = _("อำเภอ%(name)s") % {"name": name}
    labels = {"amount": _("จำนวน"), "kind": _("ชนิด"), "remark": _("หมายเหตุ")}
    shows = {"amount": text, "kind": _kind_text, "remark": text}
    if not change.before or not change.after:  # a quota set or removed as a whole

        def whole(values):
            if not values:
                return EMPTY
            return f"{values.get('amount')} ({_kind_text(values.get('kind'))})"

        return [ChangeLine(where, whole(change.before), whole(change.after))]
    return [
        ChangeLine(
            f"{where}: {labels[key]}",
            shows[key](change.before.get(key)),
            shows[key](change.after.get(key)),
        )
        for key in labels
        if key in change.before or key in change.after
    ]


CHANGE_ACTIONS = {ROUND_QUOTA: ActionDisplay(gettext_lazy("แก้ไขจำนวนจัดสรร"), _quota_lines)}

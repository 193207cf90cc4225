"""How the round page shows this app's change log rows (status and rules changes:
`CHANGE_ACTIONS`), and the BE date and choice formats the other apps' tables reuse.
The round's whole history is put together in lifecycle.history."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changelog.display import EMPTY, ActionDisplay, ChangeLine, field_lines, text
from registry.thai import be_date_short
from selection.models import RoundStatus
from selection.services import ROUND_RULES, ROUND_STATUS


def be_date_text(value) -> str:
    """An ISO date of the log as the screens show dates: 5 ธ.ค. 2567."""
    if not value:
        return EMPTY
    try:
        return be_date_short(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def choice_text(choices):
    def show(value):
        return str(choices(value).label) if value in choices.values and value else text(value)

    return show


def _status_lines(change) -> list[ChangeLine]:
    return field_lines(change, {"status": _("สถานะ")}, {"status": choice_text(RoundStatus)})


def _criterion_text(criterion: dict | None) -> str:
    if not criterion:
        return EMPTY
    words = criterion.get("explanation") or criterion.get("kind", "")
    if criterion.get("any_group"):
        words += " " + _("(หรือ กลุ่ม %(group)s)") % {"group": criterion["any_group"]}
    return words


def _rules_lines(change) -> list[ChangeLine]:
    """One line per tier title or criterion that differs, by position."""
    before, after = change.before.get("tiers") or [], change.after.get("tiers") or []
    lines = []
    for index in range(max(len(before), len(after))):
        old = before[index] if index < len(before) else None
        new = after[index] if index < len(after) else None
        tier = _("ชั้นที่ %(order)s") % {"order": index + 1}
        if old is None or new is None or old.get("title") != new.get("title"):
            lines.append(
                ChangeLine(
                    _("%(tier)s: ชื่อชั้น") % {"tier": tier},
                    EMPTY if old is None else old.get("title") or EMPTY,
                    EMPTY if new is None else new.get("title") or EMPTY,
                )
            )
        old_criteria = (old or {}).get("criteria") or []
        new_criteria = (new or {}).get("criteria") or []
        for number in range(max(len(old_criteria), len(new_criteria))):
            o = old_criteria[number] if number < len(old_criteria) else None
            n = new_criteria[number] if number < len(new_criteria) else None
            if o == n:
                continue
            old_text, new_text = _criterion_text(o), _criterion_text(n)
            if old_text == new_text:  # same words, other parameters
                old_text += f" {o.get('params')}"
                new_text += f" {n.get('params')}"
            label = _("%(tier)s ข้อ %(number)s") % {"tier": tier, "number": number + 1}
            lines.append(ChangeLine(label, old_text, new_text))
    return lines


CHANGE_ACTIONS = {
    ROUND_STATUS: ActionDisplay(gettext_lazy("เปลี่ยนสถานะรอบ"), _status_lines),
    ROUND_RULES: ActionDisplay(gettext_lazy("แก้ไขเกณฑ์การคัดเลือก"), _rules_lines),
}

"""A round's change history as its page shows it: the status and rules changes
(registered here), the letter, quotas and OPC settings (registered by their apps),
newest first."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changelog.display import EMPTY, ChangeLine, entries, field_lines, register_action, text
from changelog.selectors import round_change_list
from changelog.services import object_type_of
from registry.history import PRODUCT_TYPE
from registry.thai import be_date_short
from selection.models import Round, RoundStatus
from selection.services import ROUND_RULES, ROUND_STATUS

HISTORY_LIMIT = 100


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


def register_change_actions() -> None:
    """Called from SelectionConfig.ready."""
    register_action(ROUND_STATUS, title=gettext_lazy("เปลี่ยนสถานะรอบ"), lines=_status_lines)
    register_action(ROUND_RULES, title=gettext_lazy("แก้ไขเกณฑ์การคัดเลือก"), lines=_rules_lines)


def round_history(round_: Round, *, limit: int = HISTORY_LIMIT):
    """The round's latest changes, newest first, ready for the template: its own rows
    (settings, status, rules, quotas, committee, publishing) and the star ratings its
    publishing wrote. The districts' timelines and the OPC applications' histories,
    also rows of the round, have their own pages."""
    changes = round_change_list(round_id=round_.pk).filter(
        object_type__in=[object_type_of(round_), PRODUCT_TYPE]
    )
    return entries(changes[:limit])

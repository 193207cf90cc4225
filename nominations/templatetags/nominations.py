"""Template helpers of the nomination pages: the timeline text and the return comment."""

import datetime as dt

from django import template
from django.utils.translation import gettext as _

from changelog.models import ChangeSource
from nominations.models import Action
from nominations.rules import RETURNED
from registry.thai import be_date_short, thai_digits

register = template.Library()


def _nomination(d: dict) -> str:
    target = f" “{d['name']}” ({d['code']})" if d.get("name") else ""
    fallback = " " + _("[ชั้นสำรอง]") if (d.get("tier") or 1) > 1 else ""
    return target + fallback


@register.filter
def event_text(change) -> str:
    """One line of the timeline from a change log row of the district's submission: what
    was done, to what ("เสนอชื่อ “กลุ่ม…” (รหัส)")."""
    before, after = change.before or {}, change.after or {}
    try:
        label = Action(change.action).label
    except ValueError:
        label = change.action
    target = _nomination(after or before)
    if change.action == Action.MOVE:
        old, new = thai_digits(before.get("position")), thai_digits(after.get("position"))
        tail = " " + _("จากลำดับ %(before)s เป็น %(after)s") % {"before": old, "after": new}
    elif change.action == Action.JUSTIFY:
        tail = ": " + str(after.get("justification") or _("(ลบเหตุผล)"))
    elif change.action == Action.RETURN:
        tail = f": {after.get('comment') or ''}"
    elif change.action == Action.KEEP:
        tail = f": {after.get('reason') or ''}"
    elif change.action == Action.REOPEN:
        until = after.get("reopened_until")
        until = be_date_short(dt.date.fromisoformat(until)) if until else ""
        tail = " " + _("ถึง %(date)s") % {"date": until}
    elif change.action == Action.SUBMIT:
        tail = " " + _("%(count)s ราย") % {"count": thai_digits(after.get("count", 0))}
    elif change.action == Action.LOAD_FORM:
        parts = [
            (_("เพิ่ม"), after.get("added", 0)),
            (_("คงไว้"), after.get("kept", 0)),
            (_("ถอน"), after.get("removed", 0)),
            (_("แถวที่ไม่ผ่าน"), after.get("refused", 0)),
        ]
        tail = ": " + " · ".join(f"{word} {thai_digits(n)}" for word, n in parts)
        return f"{label}{tail}"
    else:
        tail = ""
    via = " " + _("(จากแบบรายงานที่นำเข้า)") if change.source == ChangeSource.IMPORT else ""
    return f"{label}{target}{tail}{via}"


@register.filter
def pending_return_comment(submission) -> str:
    """The province's comment while the list is back with the district (returned), else
    "": once the district sends it again the comment is history, not an instruction."""
    if submission is None or submission.status != RETURNED:
        return ""
    return submission.return_comment

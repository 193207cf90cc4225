"""Template helpers of the nomination pages: the home panel and the timeline text."""

from django import template
from django.utils.translation import gettext as _

from nominations import selectors
from nominations.models import Action
from registry.thai import thai_digits

register = template.Library()


@register.inclusion_tag("nominations/includes/home_panel.html", takes_context=True)
def nominations_home_panel(context):
    """The open rounds of the user's district (officer) or province (staff)."""
    user = context["user"]
    rows = selectors.home_rows(user=user) if user.is_authenticated else []
    return {"rows": rows, "user": user}


@register.filter
def event_text(event) -> str:
    """One line of the timeline: what was done, to what ("เสนอชื่อ “กลุ่ม…” (รหัส)")."""
    d = event.detail or {}
    label = Action(event.action).label
    target = f" “{d['name']}” ({d['code']})" if d.get("name") else ""
    fallback = " " + _("[ชั้นสำรอง]") if d.get("tier", 1) > 1 else ""
    if event.action == Action.MOVE:
        before, after = thai_digits(d.get("from_position")), thai_digits(d.get("to_position"))
        tail = " " + _("จากลำดับ %(before)s เป็น %(after)s") % {"before": before, "after": after}
    elif event.action == Action.JUSTIFY:
        tail = ": " + str(d.get("new") or _("(ลบเหตุผล)"))
    elif event.action in (Action.RETURN, Action.KEEP):
        tail = f": {d.get('comment') or d.get('reason') or ''}"
    elif event.action == Action.REOPEN:
        tail = " " + _("ถึง %(date)s") % {"date": d.get("until_th", "")}
    elif event.action == Action.SUBMIT:
        tail = " " + _("%(count)s ราย") % {"count": thai_digits(d.get("count", 0))}
    elif event.action == Action.LOAD_FORM:
        parts = [
            (_("เพิ่ม"), d.get("added", 0)),
            (_("คงไว้"), d.get("kept", 0)),
            (_("ถอน"), d.get("removed", 0)),
            (_("แถวที่ไม่ผ่าน"), d.get("refused", 0)),
        ]
        tail = ": " + " · ".join(f"{word} {thai_digits(n)}" for word, n in parts)
    else:
        tail = ""
    via = " " + _("(จากแบบรายงานที่นำเข้า)") if d.get("via") == "load_form" else ""
    return f"{label}{target}{fallback}{tail}{via}"

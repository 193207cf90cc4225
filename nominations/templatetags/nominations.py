"""Template helpers of the nomination pages: the home panel and the timeline text."""

from django import template

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
    fallback = " [ชั้นสำรอง]" if d.get("tier", 1) > 1 else ""
    if event.action == Action.MOVE:
        before, after = thai_digits(d.get("from_position")), thai_digits(d.get("to_position"))
        tail = f" จากลำดับ {before} เป็น {after}"
    elif event.action == Action.JUSTIFY:
        tail = f": {d.get('new') or '(ลบเหตุผล)'}"
    elif event.action == Action.RETURN:
        tail = f": {d.get('comment', '')}"
    elif event.action == Action.REOPEN:
        tail = f" ถึง {d.get('until_th', '')}"
    elif event.action == Action.SUBMIT:
        tail = f" {thai_digits(d.get('count', 0))} ราย"
    elif event.action == Action.LOAD_FORM:
        parts = [
            ("เพิ่ม", d.get("added", 0)),
            ("คงไว้", d.get("kept", 0)),
            ("ถอน", d.get("removed", 0)),
            ("แถวที่ไม่ผ่าน", d.get("refused", 0)),
        ]
        tail = ": " + " · ".join(f"{word} {thai_digits(n)}" for word, n in parts)
    else:
        tail = ""
    via = " (จากแบบรายงานที่นำเข้า)" if d.get("via") == "load_form" else ""
    return f"{label}{target}{fallback}{tail}{via}"

"""Round status on the pages: `{% load rounds %}`.

The status of a round is shown and changed on several pages; what it looks like and which
move the round page offers are decided here once, from `selection.rules`, not in templates.

{{ round.status|round_status_badge }}
    The badge colour class of a status: green while open, grey as a draft, dark once closed.
{% with action=round.status|round_status_action %}
    The one move the transition table allows from this status (None if none): its target
    status (the form's value), its Thai button text and the button's colour class.
"""

from dataclasses import dataclass

from django import template
from django.utils.translation import gettext_lazy as _

from selection import rules
from selection.models import RoundStatus

register = template.Library()

_BADGE = {RoundStatus.OPEN: "text-bg-success", RoundStatus.DRAFT: "text-bg-secondary"}
_ACTION = {
    RoundStatus.OPEN: (_("เปิดรอบ"), "btn-success"),
    RoundStatus.CLOSED: (_("ปิดรอบ"), "btn-dark"),
}


@dataclass(frozen=True)
class StatusAction:
    """A button that moves a round to `status`."""

    status: str
    label: str
    button_class: str


@register.filter
def round_status_badge(status) -> str:
    """Bootstrap badge class of a round status (closed or unknown: dark)."""
    return _BADGE.get(status, "text-bg-dark")


@register.filter
def round_status_action(status) -> StatusAction | None:
    """The move the round page offers from `status` (rules.next_status), or None."""
    target = rules.next_status(status)
    if target is None:
        return None
    label, button_class = _ACTION[target]
    return StatusAction(target, str(label), button_class)

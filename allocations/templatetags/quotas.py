"""A district's quota as text: `{% load quotas %}`.

An "exact" quota and an "at least" quota read differently; which marker a quota gets is
decided here once, not in each template.

{{ quota|quota_amount }}        "๕ ราย ขึ้นไป" (at least), "๕ ราย (พอดี)" (exact), "—" (none)
{{ quota|quota_amount_short }}  "๕+" (at least), "๕" (exact), "—" (none): for table cells
"""

from django import template
from django.utils.translation import gettext as _

from allocations.models import QuotaKind
from changelog.display import EMPTY as NO_QUOTA
from registry.thai import thai_digits

register = template.Library()


@register.filter
def quota_amount(quota) -> str:
    """The quota with its unit and whether more may be nominated, Thai digits."""
    if not quota:
        return NO_QUOTA
    unit = _("ราย ขึ้นไป") if quota.kind == QuotaKind.AT_LEAST else _("ราย (พอดี)")
    return f"{thai_digits(quota.amount)} {unit}"


@register.filter
def quota_amount_short(quota) -> str:
    """The quota as a number, with "+" when it is a minimum, Thai digits."""
    if not quota:
        return NO_QUOTA
    marker = "+" if quota.kind == QuotaKind.AT_LEAST else ""
    return f"{thai_digits(quota.amount)}{marker}"

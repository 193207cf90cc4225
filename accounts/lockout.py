"""Login lockout: django-axes per username + address, plus a limit per address.

Axes locks a username + address pair after AXES_FAILURE_LIMIT failures (5). Alone, that
let one address try 4 passwords on every account it could name (24 wrong passwords over 6
accounts, then a right one, got in). Axes compares every lockout parameter combination
with the same threshold, and an address shared by a whole office needs a higher one than
a single account, so this handler adds the second limit itself: once the failures from one
address (every username, within AXES_COOLOFF_TIME) reach AXES_ADDRESS_FAILURE_LIMIT (20),
that address is refused for every account until the cool-off has passed since its last
failure. It counts axes' own AccessAttempt rows, so it needs no table and nothing to reset
beyond what axes already clears (`manage.py axes_reset_ip ADDRESS` lifts it by hand).

`lockout_response` renders the Thai lockout page (HTTP 429) for either kind.
"""

from math import ceil

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


class AddressLimitHandler(AxesDatabaseHandler):
    """AxesDatabaseHandler plus the per-address limit (AXES_HANDLER)."""

    def address_failures(self, request) -> int:
        """Failed logins from the request's address within the cool-off, any username."""
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if get_cool_off(request) is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def address_locked(self, request) -> bool:
        locked = self.address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT
        if locked:
            request.axes_locked_by_address = True
        return locked

    def is_locked(self, request, credentials=None) -> bool:
        """Refused before the password is checked: the pair's limit, then the address's."""
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """Axes records the failure and may lock the pair; this may lock the address."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self.is_whitelisted(request, credentials) or not self.address_locked(request):
            return
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )


def lockout_response(request, original_response=None, credentials=None):
    """The Thai lockout page (AXES_LOCKOUT_CALLABLE): which limit, and for how long."""
    by_address = getattr(request, "axes_locked_by_address", False)
    if by_address:
        limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    else:
        limit = get_failure_limit(request, credentials)
    cool_off = get_cool_off(request)
    context = {
        "by_address": by_address,
        "failure_limit": limit,
        "cooloff_minutes": ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(
        request, "accounts/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )

"""The client's address for login rate limiting (django-axes' AXES_CLIENT_IP_CALLABLE).

Without a proxy the address is REMOTE_ADDR. Behind `TRUSTED_PROXY_COUNT` proxies (nginx of
deploy/ is one) every proxy appends the address it saw to X-Forwarded-For, so the client is
the entry that many places from the right; anything further left was sent by the client and
cannot be trusted.

The danger: with TRUSTED_PROXY_COUNT set and no proxy actually in front, X-Forwarded-For
is whatever the client sends, so an attacker picks a new "address" for every attempt and
the login lockout never counts them together. `ProxyHeaderMiddleware` therefore refuses,
in production (DEBUG off), any request that arrives with fewer X-Forwarded-For entries than
TRUSTED_PROXY_COUNT: a request that did not come through the proxies the setting claims
(it also catches a proxy that stopped setting the header). With DEBUG on, such a request
falls back to REMOTE_ADDR, as before.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def forwarded_for(request) -> list[str]:
    """The X-Forwarded-For entries, leftmost first, blanks dropped."""
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [part.strip() for part in header.split(",") if part.strip()]


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = forwarded_for(request)
    if len(forwarded) < count:
        return remote  # DEBUG only: ProxyHeaderMiddleware refuses this in production
    return forwarded[-count]


class ProxyHeaderMiddleware:
    """Refuses (400) a production request that did not pass TRUSTED_PROXY_COUNT proxies.

    First in MIDDLEWARE, so nothing else runs for such a request (static files excepted,
    so the refusal page has its styles). The error is logged
    with the setting's value and REMOTE_ADDR, for the operator to fix the deployment
    (set TRUSTED_PROXY_COUNT=0 without a proxy, or make the proxy set the header).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = settings.TRUSTED_PROXY_COUNT
        # Static files (the refusal page's own CSS) carry no address-dependent behaviour.
        static = request.path.startswith(urlsplit(settings.STATIC_URL).path)
        if count > 0 and not settings.DEBUG and not static:
            entries = len(forwarded_for(request))
            if entries < count:
                logger.error(
                    "Refused %s %s from %s: TRUSTED_PROXY_COUNT=%d but X-Forwarded-For has "
                    "%d entr%s. Set TRUSTED_PROXY_COUNT to the number of proxies in front "
                    "of the app (0 without one) or make the proxy set X-Forwarded-For.",
                    request.method,
                    request.path,
                    request.META.get("REMOTE_ADDR", "?"),
                    count,
                    entries,
                    "y" if entries == 1 else "ies",
                )
                return self.refusal(count)
        return self.get_response(request)

    @staticmethod
    def refusal(count: int) -> HttpResponse:
        # Rendered without the request: no session, user or database for a refused request.
        html = render_to_string("400.html", {"proxy_setting": f"TRUSTED_PROXY_COUNT={count}"})
        return HttpResponse(html, status=400)

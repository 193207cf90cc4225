"""The client's address for login rate limiting (django-axes' AXES_CLIENT_IP_CALLABLE).

Without a proxy the address is REMOTE_ADDR. Behind `TRUSTED_PROXY_COUNT` proxies (nginx of
deploy/ is one) every proxy appends the address it saw to X-Forwarded-For, so the client is
the entry that many places from the right; anything further left was sent by the client and
cannot be trusted. A header shorter than expected falls back to REMOTE_ADDR.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]

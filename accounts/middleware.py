"""Idle session expiry without a database write on every request."""

from __future__ import annotations

import time

from django.conf import settings

REFRESHED_KEY = "_refreshed_at"


def session_refreshed_at_login(sender, request, user, **kwargs):
    """A login saves the session (new key): the refresh period starts there."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_KEY] = int(time.time())


class SessionRefreshMiddleware:
    """Pushes a signed-in session's expiry on at most every SESSION_REFRESH_SECONDS.

    Sessions end SESSION_COOKIE_AGE after they were last saved. Saving on every request
    (SESSION_SAVE_EVERY_REQUEST) makes that an exact idle limit but costs an UPDATE per
    page; marking the session modified once every few minutes keeps the idle limit to
    within SESSION_REFRESH_SECONDS (8 hours idle ends the session 0–5 minutes early) and
    writes once per refresh period instead. Goes after SessionMiddleware, which saves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        # No cookie: an anonymous visitor (the login page) gets no session row from us.
        if session.session_key is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_KEY] = now  # modified: SessionMiddleware saves it
        return self.get_response(request)

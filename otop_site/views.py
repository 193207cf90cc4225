"""Site-level pages that belong to no single app."""

from django.core.exceptions import DisallowedHost
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from nominations.selectors import home_rows


def home(request):
    """The landing page after login: the user's scope, where to go from here, and the open
    rounds the user works on (read here, not by a template tag, so the page's queries are
    the view's)."""
    user = request.user
    context = {
        "province": user.province,
        "district": user.district,
        "role": user.get_role_display(),
        "open_rounds": home_rows(user=user),
    }
    return render(request, "home.html", context)


# -- Error pages (handler403/404/500 in otop_site/urls.py, CSRF_FAILURE_VIEW) -----------------
# Thai or English as the rest of the site (LocaleMiddleware has activated the language for
# 403 and 404; the 500 handler picks it again from the request, cookie first), inside the
# layout, each with a way back: the home page and, when the browser said where it came
# from on this site, that page.


def _back_url(request) -> str:
    """The previous page on this site (the Referer), if there is one. Not this very page
    after a GET (a reload); after a POST it is the form's page, which is the way back."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    if not referer:
        return ""
    if request.method in ("GET", "HEAD") and referer == request.build_absolute_uri():
        return ""
    safe = url_has_allowed_host_and_scheme(referer, allowed_hosts={host})
    return referer if safe else ""


def permission_denied(request, exception):
    """403: the reason the view gave (its Thai PermissionDenied message), if any."""
    message = exception.args[0] if getattr(exception, "args", None) else ""
    context = {
        "detail": message if isinstance(message, str) else "",
        "back_url": _back_url(request),
    }
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception):
    """404: one message for "does not exist" and "not yours", so a URL reveals nothing."""
    return render(request, "404.html", {"back_url": _back_url(request)}, status=404)


def csrf_failure(request, reason=""):
    """403 for a form whose CSRF check failed (CSRF_FAILURE_VIEW): usually a stale page."""
    context = {"csrf_failure": True, "back_url": _back_url(request)}
    return render(request, "403.html", context, status=403)


def server_error(request):
    """500, rendered without the request's context: no user, session or database, which
    may be what failed. The language comes from the request again (cookie, then browser)."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        html = loader.render_to_string("500.html", {"back_url": _back_url(request)})
    return HttpResponseServerError(html)

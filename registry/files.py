"""Serving stored files (uploads, error workbooks) to a user the calling view has checked.

Nothing under MEDIA_ROOT or the S3 bucket is reachable by URL: neither Django (no
`static()` route for MEDIA_URL) nor nginx (deploy/nginx/otop-select.conf) serves it, and
the S3 objects are private. A view first fetches the owning record through its access
helper (404 or 403 for anyone else), then answers with `stored_file_response`, which
streams the file from whichever storage holds it (local disk or S3) through the app.
"""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def stored_file_response(field_file, *, filename: str) -> FileResponse:
    """The file as a download named `filename`; 404 if the record has none or it is gone.

    Always an attachment (a browser never renders an uploaded file in the site's origin),
    `nosniff` so its type is never guessed from its content, and not kept in shared caches.
    """
    if not field_file:
        raise Http404(_("ไม่พบไฟล์"))
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("ไม่พบไฟล์")) from exc
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

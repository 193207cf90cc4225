"""The site's URLs: each app's own urls.py, mounted under its prefix."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from lifecycle.urls import round_urlpatterns
from otop_site import views
from selection.urls import urlpatterns as selection_urlpatterns

admin.site.site_header = "OTOP Select: ผู้ดูแลระบบ"
admin.site.site_title = "OTOP Select"
admin.site.index_title = "จัดการข้อมูล"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("registry/", include("registry.urls")),
    # The round page and its open/close button run every app's checks: they live in
    # lifecycle (above them all) and keep their names in the selection namespace.
    path("selection/", include((round_urlpatterns + selection_urlpatterns, "selection"))),
    path("allocations/", include("allocations.urls")),
    path("nominations/", include("nominations.urls")),
    path("documents/", include("documents.urls")),
    path("opc/", include("opc.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

# Error pages in the site's layout, Thai or English (CSRF failures: CSRF_FAILURE_VIEW).
handler403 = "otop_site.views.permission_denied"
handler404 = "otop_site.views.page_not_found"
handler500 = "otop_site.views.server_error"

# No route serves MEDIA_URL, in any mode: uploads and error workbooks are only handed out
# by views that check who may see them (registry.files.stored_file_response).

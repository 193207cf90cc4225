"""Import URLs, mounted under registry/imports/ (names: registry:import_<action>)."""

from django.urls import path

from registry import import_views

urlpatterns = [
    # History and upload
    path("", import_views.import_list, name="import_list"),
    path("new/", import_views.import_upload, name="import_upload"),
    # One batch: preview/result, its actions, progress (htmx), error workbook
    path("<int:pk>/", import_views.import_detail, name="import_detail"),
    path("<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("<int:pk>/cancel/", import_views.import_cancel, name="import_cancel"),
    path("<int:pk>/progress/", import_views.import_progress, name="import_progress"),
    path("<int:pk>/errors.xlsx", import_views.import_errors_download, name="import_errors"),
]

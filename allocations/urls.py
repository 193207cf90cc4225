from django.urls import path

from allocations import views

app_name = "allocations"

urlpatterns = [
    # A round's quotas and its eligible pool per district
    path("rounds/<slug:slug>/quotas/", views.quota_grid, name="quota_grid"),
    path("rounds/<slug:slug>/preview/", views.round_preview, name="round_preview"),
    # Allocation register upload: upload → preview → confirm or cancel
    path("rounds/<slug:slug>/quotas/upload/", views.quota_upload, name="quota_upload"),
    path(
        "rounds/<slug:slug>/quotas/upload/<int:pk>/",
        views.quota_upload_detail,
        name="quota_upload_detail",
    ),
    path(
        "rounds/<slug:slug>/quotas/upload/<int:pk>/errors.xlsx",
        views.quota_upload_errors,
        name="quota_upload_errors",
    ),
    path(
        "rounds/<slug:slug>/quotas/upload/<int:pk>/confirm/",
        views.quota_upload_confirm_view,
        name="quota_upload_confirm",
    ),
    path(
        "rounds/<slug:slug>/quotas/upload/<int:pk>/cancel/",
        views.quota_upload_cancel_view,
        name="quota_upload_cancel",
    ),
]

from django.urls import path

from allocations import views

app_name = "allocations"

urlpatterns = [
    # A round's quotas and its eligible pool per district
    path("rounds/<slug:slug>/quotas/", views.quota_grid, name="quota_grid"),
    path("rounds/<slug:slug>/preview/", views.round_preview, name="round_preview"),
]

from django.urls import path

from selection import views

app_name = "selection"

urlpatterns = [
    # Rounds
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/<slug:slug>/", views.round_detail, name="round_detail"),
    path("rounds/<slug:slug>/rules/", views.round_rules, name="round_rules"),
    path("rounds/<slug:slug>/rules/fields/", views.round_rules_fields, name="round_rules_fields"),
    path("rounds/<slug:slug>/status/", views.round_status, name="round_status"),
    # Candidates of a district
    path(
        "rounds/<slug:slug>/districts/<str:district_code>/",
        views.round_candidates,
        name="round_candidates",
    ),
]

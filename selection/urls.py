from django.urls import path

from selection import views

app_name = "selection"

urlpatterns = [
    # Rounds
    path("rounds/", views.round_list, name="round_list"),
    # rounds/<slug>/ (round_detail) and rounds/<slug>/status/ (round_status) show and run
    # every app's checks: lifecycle.urls, joined to this namespace in otop_site/urls.py.
    path("rounds/<slug:slug>/rules/", views.round_rules, name="round_rules"),
    path("rounds/<slug:slug>/rules/fields/", views.round_rules_fields, name="round_rules_fields"),
    # Candidates of a district
    path(
        "rounds/<slug:slug>/districts/<str:district_code>/",
        views.round_candidates,
        name="round_candidates",
    ),
]

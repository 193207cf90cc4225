from django.urls import path

from opc import views

app_name = "opc"

urlpatterns = [
    # Rounds
    path("", views.round_list, name="round_list"),
    path("rounds/<slug:round_slug>/", views.round_detail, name="round_detail"),
    path("rounds/<slug:round_slug>/settings/", views.round_settings, name="round_settings"),
    path("rounds/<slug:round_slug>/publish/", views.round_publish, name="round_publish"),
    # Applications
    path(
        "rounds/<slug:round_slug>/applications/new/",
        views.application_create,
        name="application_create",
    ),
    path(
        "rounds/<slug:round_slug>/applications/<int:pk>/",
        views.application_detail,
        name="application_detail",
    ),
    path(
        "rounds/<slug:round_slug>/applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "rounds/<slug:round_slug>/applications/<int:pk>/score/",
        views.score_set,
        name="score_set",
    ),
    path(
        "rounds/<slug:round_slug>/districts/<str:district_code>/",
        views.district_applications,
        name="district_applications",
    ),
    # Committee
    path("rounds/<slug:round_slug>/committee/", views.committee, name="committee"),
    path(
        "rounds/<slug:round_slug>/committee/<int:pk>/remove/",
        views.committee_remove,
        name="committee_remove",
    ),
    # Results and the announcement
    path("rounds/<slug:round_slug>/results/", views.results, name="results"),
    path("rounds/<slug:round_slug>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("rounds/<slug:round_slug>/announcement/", views.announcement, name="announcement"),
    path(
        "rounds/<slug:round_slug>/announcement.pdf",
        views.announcement_download,
        name="announcement_pdf",
    ),
    # PSO
    path("pso/<slug:round_slug>/", views.pso_round, name="pso_round"),
    path("pso/<slug:round_slug>/pick/", views.pso_pick, name="pso_pick"),
    path(
        "pso/<slug:round_slug>/picks/<int:pk>/remove/",
        views.pso_pick_remove,
        name="pso_pick_remove",
    ),
    path("pso/<slug:round_slug>/results.xlsx", views.pso_xlsx, name="pso_xlsx"),
    path("pso/<slug:round_slug>/list/", views.pso_list, name="pso_list"),
    path("pso/<slug:round_slug>/list.pdf", views.pso_pdf, name="pso_pdf"),
]

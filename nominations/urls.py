from django.urls import path

from nominations import views

app_name = "nominations"

district = "rounds/<slug:round_slug>/districts/<str:district_code>/"

urlpatterns = [
    # District officer: the working page and its actions
    path(district, views.submission_work, name="submission_work"),
    path(
        district + "candidates/<int:pk>/nominate/",
        views.nomination_add,
        name="nomination_add",
    ),
    path(
        district + "nominations/<int:pk>/remove/",
        views.nomination_remove,
        name="nomination_remove",
    ),
    path(district + "nominations/<int:pk>/move/", views.nomination_move, name="nomination_move"),
    path(
        district + "nominations/<int:pk>/justify/",
        views.nomination_justify,
        name="nomination_justify",
    ),
    path(district + "submit/", views.submission_submit, name="submission_submit"),
    # Provincial staff: fulfilment, review of a district (the consolidated .xlsx is
    # documents:consolidated_xlsx)
    path("rounds/<slug:round_slug>/", views.round_dashboard, name="round_dashboard"),
    path(district + "review/", views.submission_review, name="submission_review"),
    path(district + "approve/", views.submission_approve, name="submission_approve"),
    path(district + "return/", views.submission_return, name="submission_return"),
    path(district + "reopen/", views.submission_reopen, name="submission_reopen"),
    path(
        district + "nominations/<int:pk>/keep/",
        views.nomination_keep,
        name="nomination_keep",
    ),
]

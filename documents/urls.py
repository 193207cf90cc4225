from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    # Circular letter of a round
    path("rounds/<slug:round_slug>/letter/", views.letter_preview, name="letter_preview"),
    path("rounds/<slug:round_slug>/letter.pdf", views.letter_download, name="letter_download"),
    path("rounds/<slug:round_slug>/letter/edit/", views.letter_edit, name="letter_edit"),
    # Spreadsheets of a round
    path(
        "rounds/<slug:round_slug>/consolidated.xlsx",
        views.consolidated_xlsx,
        name="consolidated_xlsx",
    ),
    path(
        "rounds/<slug:round_slug>/districts/<str:district_code>/form.xlsx",
        views.form_download,
        {"fmt": "xlsx"},
        name="form_xlsx",
    ),
    path(
        "rounds/<slug:round_slug>/districts/<str:district_code>/form.pdf",
        views.form_download,
        {"fmt": "pdf"},
        name="form_pdf",
    ),
    # A district's filled form loaded back
    path(
        "rounds/<slug:round_slug>/districts/<str:district_code>/upload/",
        views.form_upload,
        name="form_upload",
    ),
    path(
        "rounds/<slug:round_slug>/districts/<str:district_code>/upload/confirm/",
        views.form_confirm,
        name="form_confirm",
    ),
    # Assets
    path("emblem/", views.emblem, name="emblem"),
]

from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    # Circular letter of a round
    path("rounds/<slug:slug>/letter/", views.letter_preview, name="letter_preview"),
    path("rounds/<slug:slug>/letter.pdf", views.letter_download, name="letter_download"),
    # Assets
    path("emblem/", views.emblem, name="emblem"),
]

"""The round page and its status button, mounted in the selection namespace by
otop_site/urls.py (`selection:round_detail`, `selection:round_status`)."""

from django.urls import path

from lifecycle import views

round_urlpatterns = [
    path("rounds/<slug:slug>/", views.round_detail, name="round_detail"),
    path("rounds/<slug:slug>/status/", views.round_status, name="round_status"),
]

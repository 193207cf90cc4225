from django.urls import include, path

from registry import views

app_name = "registry"

urlpatterns = [
    # Producers: list (search, filters, pages) and one producer's detail
    path("producers/", views.producer_list, name="producer_list"),
    path("producers/<int:pk>/", views.producer_detail, name="producer_detail"),
    # Spreadsheet imports (admins)
    path("imports/", include("registry.import_urls")),
]

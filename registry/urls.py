from django.urls import include, path

app_name = "registry"

urlpatterns = [
    path("imports/", include("registry.import_urls")),
]

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Printed documents (letters, enclosures, return forms): the top layer, imported by none."""

    name = "documents"
    verbose_name = "เอกสาร"

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Printed documents (letters, enclosures, return forms) and the round's circular
    letter (`documents.Letter`)."""

    name = "documents"
    verbose_name = "เอกสาร"

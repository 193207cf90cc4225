from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Printed documents (letters, enclosures, return forms) and the round's circular
    letter (`documents.Letter`)."""

    name = "documents"
    verbose_name = "เอกสาร"

    def ready(self):
        # How the round page shows the letter's change log rows (changelog.display).
        from documents.history import register_change_actions

        register_change_actions()

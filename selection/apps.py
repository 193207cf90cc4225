from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = "การคัดเลือก"

    def ready(self):
        # How the round page shows the round's change log rows (changelog.display).
        from selection.history import register_change_actions

        register_change_actions()

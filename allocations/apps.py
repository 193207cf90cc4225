from django.apps import AppConfig


class AllocationsConfig(AppConfig):
    name = "allocations"
    verbose_name = "การจัดสรร"

    def ready(self):
        # How the round page shows quota changes (changelog.display).
        from allocations.history import register_change_actions

        register_change_actions()

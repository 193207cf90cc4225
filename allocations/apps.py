from django.apps import AppConfig


class AllocationsConfig(AppConfig):
    name = "allocations"
    verbose_name = "การจัดสรร"

    def ready(self):
        # The round validation lives in selection (a lower layer); the quota checks
        # join it from here so imports keep pointing down.
        from allocations.selectors import round_quota_issues
        from selection.validation import register_round_check

        register_round_check("quotas", round_quota_issues)
        # How the round page shows quota changes (changelog.display).
        from allocations.history import register_change_actions

        register_change_actions()

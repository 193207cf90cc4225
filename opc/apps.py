from django.apps import AppConfig


class OpcConfig(AppConfig):
    name = "opc"
    verbose_name = "คัดสรรสุดยอด OTOP (OPC) และ PSO"

    def ready(self):
        # OPC settings (bands, parts, timeline) join the round validation from here:
        # imports keep pointing down.
        from opc.validation import round_opc_issues
        from selection.validation import register_round_check

        register_round_check("opc_settings", round_opc_issues)
        # How the round page shows this app's settings changes (changelog.display).
        from opc.history import register_change_actions

        register_change_actions()

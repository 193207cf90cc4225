from django.apps import AppConfig


class OpcConfig(AppConfig):
    name = "opc"
    verbose_name = "คัดสรรสุดยอด OTOP (OPC) และ PSO"

    def ready(self):
        # How the round page shows this app's settings changes (changelog.display).
        from opc.history import register_change_actions

        register_change_actions()

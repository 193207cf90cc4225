from django.apps import AppConfig


class OpcConfig(AppConfig):
    name = "opc"
    verbose_name = "คัดสรรสุดยอด OTOP (OPC) และ PSO"

from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    """Opening and closing rounds: the layer above every app whose checks and effects a
    round's status change calls (docs/adr/0021-app-layers.md). No models."""

    name = "lifecycle"
    verbose_name = "การเปิดและปิดรอบ"

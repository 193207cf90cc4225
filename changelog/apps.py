from django.apps import AppConfig


class ChangelogConfig(AppConfig):
    """The change log shared by every app: the bottom layer, it imports none of ours."""

    name = "changelog"
    verbose_name = "บันทึกการเปลี่ยนแปลง"

from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = "การเสนอชื่อ"

    def ready(self):
        # How the round page shows the participation a close wrote (changelog.display).
        from django.utils.translation import gettext_lazy

        from changelog.display import field_lines, register_action
        from nominations.services import ROUND_PARTICIPATION

        register_action(
            ROUND_PARTICIPATION,
            title=gettext_lazy("การเข้าร่วมโครงการจากการปิดรอบ"),
            lines=lambda change: field_lines(
                change, {"participation": gettext_lazy("ผู้เข้าร่วมโครงการ")}
            ),
        )

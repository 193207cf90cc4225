from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = "การเสนอชื่อ"

    def ready(self):
        # Closing a round is selection's service (a lower layer); approved nominations
        # become Participation from here, so imports keep pointing down.
        from nominations.services import participation_from_round
        from selection.services import register_round_status_hook

        register_round_status_hook("nominations_participation", participation_from_round)

"""How the round page shows this app's change log rows on the round (the participation a
close wrote): `CHANGE_ACTIONS`, read by lifecycle.history."""

from django.utils.translation import gettext_lazy

from changelog.display import ActionDisplay, field_lines
from nominations.services import ROUND_PARTICIPATION


def _participation_lines(change):
    return field_lines(change, {"participation": gettext_lazy("ผู้เข้าร่วมโครงการ")})


CHANGE_ACTIONS = {
    ROUND_PARTICIPATION: ActionDisplay(
        gettext_lazy("การเข้าร่วมโครงการจากการปิดรอบ"), _participation_lines
    )
}

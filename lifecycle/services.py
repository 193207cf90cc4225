"""Opening and closing a round, each one explicit service.

A round's status belongs to selection (`selection.services.round_set_status` moves it
along the table and logs it). What opening and closing mean to the other apps is
called here by name, in the status change's transaction, instead of hooks they
register: opening runs every app's checks (`lifecycle.checks`), closing turns the
round's approved nominations into Participation (nominations).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from changelog.models import ChangeSource
from lifecycle.checks import round_errors
from nominations.services import participation_from_round
from selection import rules
from selection.models import Round, RoundStatus
from selection.services import round_set_status


@transaction.atomic
def round_open(*, round_: Round, user=None, source: str = ChangeSource.COMMAND) -> Round:
    """Open a draft round, or reopen a closed one, and log it.

    Refused (ValidationError, every error in Thai, nothing changed) unless the table
    allows it and the round passes every app's checks: rules, dates and letter texts,
    quotas, OPC settings.
    """
    rules.check_transition(round_.status, RoundStatus.OPEN)
    errors = round_errors(round_)
    if errors:
        raise ValidationError([issue.message for issue in errors])
    return round_set_status(round_=round_, status=RoundStatus.OPEN, user=user, source=source)


@transaction.atomic
def round_close(*, round_: Round, user=None, source: str = ChangeSource.COMMAND) -> Round:
    """Close an open round and log it; its approved nominations become Participation of
    the round's program and year (next year's "not a participant" rules see them)."""
    round_set_status(round_=round_, status=RoundStatus.CLOSED, user=user, source=source)
    participation_from_round(round_=round_, user=user, source=source)
    return round_


# The status the round page's button posts → its service.
STATUS_SERVICES = {RoundStatus.OPEN: round_open, RoundStatus.CLOSED: round_close}

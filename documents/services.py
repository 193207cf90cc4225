"""Writes of the documents app. Keyword-only, validated (`full_clean`), atomic."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from changelog.models import ChangeSource
from documents.models import LETTER_MODEL_FIELDS, Letter
from selection.models import Round
from selection.rules import check_deadline_change
from selection.services import ROUND_LETTER, round_change_record

# Every field of the circular letter, in the order the letter prints them: the
# `Letter`'s own and the round's deadline (which the letter states and nominations obey).
LETTER_FIELDS = [*LETTER_MODEL_FIELDS[:2], "deadline", *LETTER_MODEL_FIELDS[2:]]


@transaction.atomic
def round_letter_update(
    *, round_: Round, values: dict, user=None, source: str = ChangeSource.COMMAND
) -> Round:
    """Set the letter fields of a round (only those: rules, quotas and status have their
    own services) and save them after the models' own validation. The round's `Letter`
    is created on its first save.

    The deadline of an open round may not move into the past (`check_deadline_change`:
    it would lock every district out). What changed is logged with its old value, as
    one `round.letter` change of the round.
    """
    unknown = set(values) - set(LETTER_FIELDS)
    if unknown:
        raise ValueError(f"not letter fields: {sorted(unknown)}")
    if not values:
        return round_
    # The stored values, not the instances': a ModelForm has already copied the posted
    # values onto the instance it was given. The round's row is the lock.
    stored_round = Round.objects.select_for_update().values("deadline").get(pk=round_.pk)
    letter = Letter.objects.filter(round_id=round_.pk).first() or Letter(round=round_)
    stored = {name: getattr(letter, name) for name in LETTER_MODEL_FIELDS}
    stored["deadline"] = stored_round["deadline"]
    before = {name: stored[name] for name in values}
    if "deadline" in values:
        check_deadline_change(
            status=round_.status,
            old=before["deadline"],
            new=values["deadline"],
            today=timezone.localdate(),
        )
        round_.deadline = values["deadline"]
        round_.full_clean()
        round_.save(update_fields=["deadline", "updated_at"])
    letter_values = {name: value for name, value in values.items() if name != "deadline"}
    if letter_values:
        for name, value in letter_values.items():
            setattr(letter, name, value)
        letter.full_clean()
        letter.save()
    round_.letter = letter
    round_change_record(
        round_=round_,
        action=ROUND_LETTER,
        before=before,
        after=values,
        user=user,
        source=source,
    )
    return round_

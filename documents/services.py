"""Writes of the documents app. Keyword-only, validated (`full_clean`), atomic."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from changelog.models import ChangeSource
from selection.models import Round
from selection.rules import check_deadline_change
from selection.services import ROUND_LETTER, round_change_record

# Every field of the circular letter, in the order the letter prints them.
LETTER_FIELDS = [
    "letter_number",
    "letter_date",
    "deadline",
    "urgency",
    "office_address",
    "subject",
    "addressee",
    "reference",
    "enclosures",
    "guidelines_title",
    "register_title",
    "signatory_name",
    "signatory_position",
    "owning_unit",
    "phone",
    "fax",
    "slogan",
]


@transaction.atomic
def round_letter_update(
    *, round_: Round, values: dict, user=None, source: str = ChangeSource.COMMAND
) -> Round:
    """Set the letter fields of a round (only those: rules, quotas and status have their
    own services) and save them after the model's own validation.

    The deadline of an open round may not move into the past (`check_deadline_change`:
    it would lock every district out). What changed is logged with its old value.
    """
    unknown = set(values) - set(LETTER_FIELDS)
    if unknown:
        raise ValueError(f"not letter fields: {sorted(unknown)}")
    if not values:
        return round_
    # The stored values, not the instance's: a ModelForm has already copied the posted
    # values onto the instance it was given.
    before = Round.objects.select_for_update().values(*values).get(pk=round_.pk)
    if "deadline" in values:
        check_deadline_change(
            status=round_.status,
            old=before["deadline"],
            new=values["deadline"],
            today=timezone.localdate(),
        )
    for name, value in values.items():
        setattr(round_, name, value)
    round_.full_clean()
    round_.save(update_fields=[*values, "updated_at"])
    round_change_record(
        round_=round_,
        action=ROUND_LETTER,
        before=before,
        after=values,
        user=user,
        source=source,
    )
    return round_

"""Writes of the documents app. Keyword-only, validated (`full_clean`), atomic."""

from __future__ import annotations

from django.db import transaction

from selection.models import Round

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
def round_letter_update(*, round_: Round, values: dict) -> Round:
    """Set the letter fields of a round (only those: rules, quotas and status have their
    own services) and save them after the model's own validation."""
    unknown = set(values) - set(LETTER_FIELDS)
    if unknown:
        raise ValueError(f"not letter fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(round_, name, value)
    round_.full_clean()
    round_.save(update_fields=[*values, "updated_at"])
    return round_

"""How the round's history shows a change of its letter (`round.letter` rows, written by
`documents.services.round_letter_update` and the round definition import)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from changelog.display import EMPTY, ActionDisplay, ChangeLine, field_lines
from documents.models import LETTER_MODEL_FIELDS, Letter, Urgency
from selection.history import be_date_text, choice_text
from selection.models import Round
from selection.services import ROUND_LETTER


def _enclosures_text(value) -> str:
    if not value:
        return EMPTY
    items = []
    for entry in value:
        if isinstance(entry, dict):
            title, count = entry.get("title", ""), entry.get("count", "")
            items.append(f"{title} ({count})" if count else title)
        else:
            items.append(str(entry))
    return "; ".join(items)


def _letter_lines(change) -> list[ChangeLine]:
    # The names the editor shows: the letter's fields and the round's deadline.
    labels = {name: Letter._meta.get_field(name).verbose_name for name in LETTER_MODEL_FIELDS}
    labels["deadline"] = Round._meta.get_field("deadline").verbose_name
    formats = {
        "letter_date": be_date_text,
        "deadline": be_date_text,
        "enclosures": _enclosures_text,
        "urgency": choice_text(Urgency),
    }
    return field_lines(change, labels, formats)


CHANGE_ACTIONS = {ROUND_LETTER: ActionDisplay(gettext_lazy("แก้ไขข้อมูลหนังสือเวียน"), _letter_lines)}

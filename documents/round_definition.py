"""The letter part of a round definition file (docs/round-definition.md): `"letter": {…}`,
the circular letter's fields, and the round's `deadline` that the letter states.

Read by `letter_parse` (every problem with its JSON path, like the other parts) and
written by `letter_apply` through the letter editor's own service
(`round_letter_update`: validated, one `round.letter` change of the round). `round_import`
(`opc.round_definition`) calls both by name.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from changelog.models import ChangeSource
from documents.models import LETTER_MODEL_FIELDS, Letter, Urgency
from documents.services import round_letter_update
from selection.models import Round
from selection.round_definition import DaysFromToday, Reader

# The circular letter's fields as the file names them (the model's field names), and
# their kind: text, a date, or the list of enclosures.
LETTER_DATES = ("letter_date",)
LETTER_TEXT = tuple(f for f in LETTER_MODEL_FIELDS if f not in (*LETTER_DATES, "enclosures"))
LETTER_FIELDS = ("letter_number", "letter_date", *LETTER_TEXT[1:], "enclosures")


def letter_parse(reader: Reader, value) -> dict:
    """The letter's field names → values (dates maybe `DaysFromToday`) of `$.letter`."""
    letter = reader.want_object(value, "$.letter", LETTER_FIELDS)
    if letter is None:
        return {}
    values = {}
    for name in LETTER_TEXT:
        if name in letter:
            limit = Letter._meta.get_field(name).max_length or 0
            values[name] = reader.want_text(letter[name], f"$.letter.{name}", limit=limit)
    if values.get("urgency") not in (None, *Urgency.values):
        reader.problem(
            "$.letter.urgency",
            _("ชั้นความเร็วต้องเป็น %(values)s")
            % {"values": ", ".join(v or '""' for v in Urgency.values)},
        )
    for name in LETTER_DATES:
        if name in letter:
            values[name] = reader.want_date(letter[name], f"$.letter.{name}")
    if "enclosures" in letter:
        enclosures = []
        for e, item in enumerate(
            reader.want_list(letter["enclosures"], "$.letter.enclosures") or []
        ):
            path = f"$.letter.enclosures[{e}]"
            item = reader.want_object(item, path, ("title", "count"))
            if item is not None:
                enclosures.append(
                    {
                        "title": reader.want_text(
                            item.get("title"), f"{path}.title", required=True
                        ),
                        "count": reader.want_text(item.get("count"), f"{path}.count"),
                    }
                )
        values["enclosures"] = enclosures
    return values


def _dated(value, today: dt.date):
    return value.on(today) if isinstance(value, DaysFromToday) else value


def letter_apply(
    *,
    round_: Round,
    letter: dict,
    deadline: dt.date | DaysFromToday | None,
    today: dt.date,
    user=None,
    source: str = ChangeSource.COMMAND,
) -> Round:
    """Set the round's deadline and its whole letter from a definition: fields the file
    leaves out take the model's defaults. Logged as one `round.letter` change."""
    values = {"deadline": _dated(deadline, today)}
    for name in LETTER_FIELDS:
        default = Letter._meta.get_field(name).get_default()
        values[name] = _dated(letter.get(name, default), today)
    return round_letter_update(round_=round_, values=values, user=user, source=source)

"""The change log of star ratings: what the registry import and OPC publishing record,
and how the producer page shows it.

A rating's log rows hang on its product (object "registry.product"), so a rating that is
deleted and written again keeps one history; `before`/`after` hold the year, the level
and (from OPC) the score.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changelog.display import EMPTY, ActionDisplay, ChangeEntry, ChangeLine, entries
from changelog.models import ChangeLog
from changelog.selectors import change_list
from changelog.services import ChangeOrigin, change_build

PRODUCT_TYPE = "registry.product"
STAR_RATING_CREATE = "star_rating.create"
STAR_RATING_UPDATE = "star_rating.update"
STAR_RATING_DELETE = "star_rating.delete"


def star_rating_change(
    *,
    product_id: int,
    year: int,
    old: tuple | None,
    new: tuple | None,
    origin: ChangeOrigin,
    round_id: int | None = None,
    district_code: str = "",
) -> ChangeLog:
    """An unsaved log row of one rating written: `old`/`new` are (stars, score) or None."""

    def values(level):
        if level is None:
            return {}
        stars, score = level
        return {"year": year, "stars": stars, "score": score}

    action = (
        STAR_RATING_CREATE
        if old is None
        else STAR_RATING_DELETE
        if new is None
        else STAR_RATING_UPDATE
    )
    return change_build(
        user=origin.user,
        object_type=PRODUCT_TYPE,
        object_id=product_id,
        action=action,
        before=values(old),
        after=values(new),
        source=origin.source,
        source_ref=origin.source_ref,
        round_id=round_id,
        district_code=district_code,
    )


def level_text(values: dict) -> str:
    """ "4 ดาว (คะแนน 85.50)" of a log side; a dash for none."""
    if not values or values.get("stars") is None:
        return EMPTY
    text = _("%(stars)s ดาว") % {"stars": values["stars"]}
    if values.get("score") not in (None, ""):
        text += " " + _("(คะแนน %(score)s)") % {"score": values["score"]}
    return text


def _rating_lines(change) -> list[ChangeLine]:
    year = change.after.get("year") or change.before.get("year")
    label = _("ระดับดาว ปี %(year)s") % {"year": year}
    return [ChangeLine(label, level_text(change.before), level_text(change.after))]


CHANGE_ACTIONS = {
    STAR_RATING_CREATE: ActionDisplay(gettext_lazy("บันทึกระดับดาว"), _rating_lines),
    STAR_RATING_UPDATE: ActionDisplay(gettext_lazy("เปลี่ยนระดับดาว"), _rating_lines),
    STAR_RATING_DELETE: ActionDisplay(gettext_lazy("ลบระดับดาว"), _rating_lines),
}


@dataclass(frozen=True)
class RatingHistory:
    """A product's rating changes (newest first) and the latest one of each year, which
    says where the rating shown for that year came from."""

    entries: list[ChangeEntry]
    latest_by_year: dict[int, ChangeLog]

    @property
    def overwritten(self) -> bool:
        """A level was changed or removed (not only written once): worth showing open."""
        return any(e.change.action != STAR_RATING_CREATE for e in self.entries)


def rating_history(product_ids: list[int]) -> dict[int, RatingHistory]:
    """{product id: RatingHistory} for these products, in one query."""
    changes: dict[int, list[ChangeLog]] = {pk: [] for pk in product_ids}
    for change in change_list(object_type=PRODUCT_TYPE, object_ids=product_ids).filter(
        action__startswith="star_rating."
    ):
        changes[int(change.object_id)].append(change)
    result = {}
    for pk, rows in changes.items():
        latest: dict[int, ChangeLog] = {}
        for change in rows:  # newest first: the first of a year is its latest
            year = change.after.get("year") or change.before.get("year")
            if year is not None and change.action != STAR_RATING_DELETE:
                latest.setdefault(int(year), change)
        result[pk] = RatingHistory(entries(rows, CHANGE_ACTIONS), latest)
    return result

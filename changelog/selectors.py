"""Reads of the change log. Callers decide who may see which object's changes."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import QuerySet

from changelog.models import ChangeLog
from changelog.services import object_type_of


def change_list(
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_ids: Iterable[object] | None = None,
) -> QuerySet[ChangeLog]:
    """The changes of one object (`obj`) or of several of one type, newest first."""
    if obj is not None:
        object_type, object_ids = object_type_of(obj), [obj.pk]
    ids = [str(i) for i in object_ids or []]
    return ChangeLog.objects.filter(object_type=object_type, object_id__in=ids).select_related(
        "user"
    )


def round_change_list(*, round_id: int) -> QuerySet[ChangeLog]:
    """Every change recorded for a round (its settings, rules, quotas…), newest first."""
    return ChangeLog.objects.filter(round_id=round_id).select_related("user")

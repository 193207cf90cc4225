"""How far a user's reach extends, as places: the bottom half of the one scope rule.

Which role reaches how far for which kind of access is decided once, in
`accounts.rules.place_scope`, and answered as a `PlaceScope` (everything, one province,
or one district). The value is defined here, at the bottom layer, so that the registry's
own querysets can filter by it without importing accounts (imports only go down, see
docs/adr/0018-one-scope-rule.md). A queryset's `visible_to(viewer)` takes anything with a
`place_scope(access)` method: the user (accounts implements it with the rule) or a
`PlaceScope` itself (which answers with itself, for commands and tests).

The three kinds of access:

- BROWSE: read reference data of a province: the registry, rounds, letters.
- WORK: see and change one district's working data: submissions, nominations,
  candidates, the district's form, OPC applications.
- MANAGE: set up and decide for a province: round settings, quotas, review and
  approval, the OPC committee, registry imports (an admin's, who manages everything).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.db import models
from django.db.models import Q

BROWSE, WORK, MANAGE = "browse", "work", "manage"
ACCESSES = (BROWSE, WORK, MANAGE)


def province_code_of(code: str) -> str:
    """The province of a district or subdistrict code: a DOPA code starts with its
    province's two digits. The one place that knows it."""
    return code[:2]


_NOTHING_Q = Q(pk__in=[])


@dataclass(frozen=True)
class PlaceScope:
    """Everything, one province (`province`), or one district (`district`, with its
    `province`); none of them: nothing."""

    everything: bool = False
    province: str | None = None
    district: str | None = None

    def covers(self, province: str | None, district: str | None = None) -> bool:
        """Is an object of `province` (and `district`; None: the object belongs to the
        whole province, like a round) within the scope? A district scope never covers a
        province-wide object."""
        if self.everything:
            return True
        if self.district:
            return district is not None and district == self.district
        if self.province:
            return province is not None and province == self.province
        return False

    def reaches(self, province: str | None) -> bool:
        """Does any part of `province` lie within the scope?"""
        return self.everything or (self.province is not None and province == self.province)

    def q(self, *, province: str, district: str | None = None) -> Q:
        """`covers` as a filter: `province` and `district` name the object's fields
        (lookups such as "district__province_id"); no `district`: a province-wide object."""
        if self.everything:
            return Q()
        if self.district:
            return Q(**{district: self.district}) if district else _NOTHING_Q
        if self.province:
            return Q(**{province: self.province})
        return _NOTHING_Q

    def place_scope(self, access: str) -> PlaceScope:
        return self


def either(*conditions: Q) -> Q:
    """`a | b | …` where an empty Q (no condition: `EVERYTHING.q`) stays true: Django
    drops an empty Q from an OR, which would turn "everything or X" into "X"."""
    if any(not condition for condition in conditions):
        return Q()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


NOTHING = PlaceScope()
EVERYTHING = PlaceScope(everything=True)


class Viewer(Protocol):
    """Whoever a queryset is scoped to: the user, or a PlaceScope."""

    def place_scope(self, access: str) -> PlaceScope: ...


# ---------------------------------------------------------------- registry querysets


class ProducerQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer) -> ProducerQuerySet:
        """Producers the viewer may read (officers and staff: their province's registry)."""
        scope = viewer.place_scope(BROWSE)
        return self.filter(scope.q(province="district__province_id", district="district_id"))


class ProductQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer) -> ProductQuerySet:
        scope = viewer.place_scope(BROWSE)
        return self.filter(
            scope.q(province="producer__district__province_id", district="producer__district_id")
        )


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer) -> ImportBatchQuerySet:
        """Registry imports change the whole country's registry: only who manages
        everything sees them. (A round's quota uploads are reached through the round the
        user manages, allocations.views.)"""
        return self if viewer.place_scope(MANAGE).everything else self.none()

"""Who may see and change what: the one scope rule of the site.

Pure: plain values in, a `registry.scope.PlaceScope` (or a bool) out. A user's role and
place decide how far each kind of access reaches:

=================  ==============  ==============  ==============
role               BROWSE          WORK            MANAGE
=================  ==============  ==============  ==============
admin              everything      everything      everything
provincial staff   their province  their province  their province
district officer   their province  their district  nothing
anything else      nothing         nothing         nothing
=================  ==============  ==============  ==============

BROWSE is reading a province's reference data (the registry, rounds, letters); WORK a
district's working data (submissions, nominations, candidates, the district's form, OPC
applications); MANAGE setting up and deciding for a province (rounds, quotas, review,
the OPC committee; imports, which touch every province, are an admin's). Staff bound to
no province and officers bound to no district reach nothing rather than everything.

Every scoped model's `visible_to(user)` queryset method and every access helper asks
here (through `User.place_scope`); things that are not about places (an officer never
sees a draft round; an OPC committee member sees the rounds they score) are added by
the querysets on top. The value type lives in `registry.scope` because the registry's
querysets are below this app (docs/adr/0018-one-scope-rule.md).
"""

from __future__ import annotations

from registry.scope import (
    ACCESSES,
    BROWSE,
    EVERYTHING,
    MANAGE,
    NOTHING,
    WORK,
    PlaceScope,
    province_code_of,
)

__all__ = [
    "ACCESSES",
    "ADMIN",
    "BROWSE",
    "DISTRICT_OFFICER",
    "EVERYTHING",
    "MANAGE",
    "NOTHING",
    "PROVINCIAL_STAFF",
    "WORK",
    "PlaceScope",
    "may",
    "place_scope",
    "province_code_of",
]

# The values of accounts.models.Role, declared here (rules take values; Role uses them).
DISTRICT_OFFICER, PROVINCIAL_STAFF, ADMIN = "district", "province", "admin"


def place_scope(
    *, role: str, province: str | None, district: str | None, access: str
) -> PlaceScope:
    """How far a user of `role`, bound to `province` and `district`, reaches for `access`."""
    if access not in ACCESSES:
        raise ValueError(f"unknown access: {access!r}")
    if role == ADMIN:
        return EVERYTHING
    if role == PROVINCIAL_STAFF:
        return PlaceScope(province=province) if province else NOTHING
    if role == DISTRICT_OFFICER and district:
        own_province = province_code_of(district)
        if access == BROWSE:
            return PlaceScope(province=own_province)
        if access == WORK:
            return PlaceScope(province=own_province, district=district)
    return NOTHING


def may(
    *,
    role: str,
    province: str | None,
    district: str | None,
    access: str,
    object_province: str | None,
    object_district: str | None = None,
) -> bool:
    """May the user (`role`, `province`, `district`) have `access` to an object of
    `object_province` and `object_district` (None: the object belongs to the whole
    province, like a round)?"""
    scope = place_scope(role=role, province=province, district=district, access=access)
    return scope.covers(object_province, object_district)

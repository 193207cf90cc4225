"""Reads of rounds, scoped to what a user may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from selection.models import Round, RoundStatus


def round_list(*, user) -> QuerySet[Round]:
    """Rounds a user may see: all for admins, their province's for provincial staff,
    and the open and closed rounds of their province for district officers."""
    rounds = Round.objects.select_related("program", "province")
    if user.is_admin:
        return rounds
    if user.province_id is None:
        return rounds.none()
    rounds = rounds.filter(province_id=user.province_id)
    if user.is_district_officer:
        rounds = rounds.exclude(status=RoundStatus.DRAFT)
    return rounds


def round_get(*, user, slug: str, manage: bool = False) -> Round:
    """The round if the user may see it (`manage`: and change it), else 404.

    404 rather than 403 so a URL does not reveal that another province's round exists.
    """
    rounds = round_list(user=user)
    if manage and not (user.is_admin or user.is_provincial_staff):
        raise Http404
    round_ = rounds.filter(slug=slug).first()
    if round_ is None:
        raise Http404
    return round_


def district_visible(*, user, round_: Round, district_code: str) -> bool:
    """May the user read this district's candidates in this round?"""
    if district_code[:2] != round_.province_id:
        return False
    if user.is_district_officer:
        return user.district_id == district_code and round_.status == RoundStatus.OPEN
    return True

"""Reads of rounds, scoped to what a user may see (`Round.objects.visible_to`)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.rules import MANAGE, WORK
from registry.scope import province_code_of
from selection.models import Round, RoundStatus


def round_list(*, user) -> QuerySet[Round]:
    """Rounds a user may see: all for admins, their province's for provincial staff,
    and the open and closed rounds of their province for district officers."""
    return Round.objects.visible_to(user).select_related("program", "province")


def round_get(*, user, slug: str, manage: bool = False) -> Round:
    """The round if the user may see it (`manage`: and change it), else 404.

    404 rather than 403 so a URL does not reveal that another province's round exists.
    """
    rounds = round_list(user=user)
    if manage:
        rounds = rounds.managed_by(user)
    round_ = rounds.filter(slug=slug).first()
    if round_ is None:
        raise Http404
    return round_


def district_visible(*, user, round_: Round, district_code: str) -> bool:
    """May the user read this district's candidates in this round? A district of the
    round's province the user works on; one who does not manage the round (an officer)
    only while it is open."""
    if province_code_of(district_code) != round_.province_id:
        return False
    if not user.may(WORK, round_.province_id, district_code):
        return False
    return round_.status == RoundStatus.OPEN or user.may(MANAGE, round_.province_id)

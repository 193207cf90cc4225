"""Rounds scoped by the one scope rule (accounts.rules)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from accounts.rules import BROWSE, MANAGE
from registry.scope import either

DRAFT = "draft"  # RoundStatus.DRAFT (the models import this module)


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user, *, also=None) -> RoundQuerySet:
        """Rounds of the provinces the user browses; a draft only where the user also
        manages (officers never see one before it opens). `also`: ids of further rounds
        the user sees once they are out of draft (an OPC committee member's)."""
        browse, manage = user.place_scope(BROWSE), user.place_scope(MANAGE)
        visible = browse.q(province="province_id") & either(
            ~Q(status=DRAFT), manage.q(province="province_id")
        )
        if also is not None:
            visible = either(visible, Q(pk__in=also) & ~Q(status=DRAFT))
        return self.filter(visible)

    def managed_by(self, user) -> RoundQuerySet:
        """Rounds the user sets up and decides on: their province's (an admin's: all)."""
        return self.filter(user.place_scope(MANAGE).q(province="province_id"))

"""OPC applications scoped by the one scope rule (accounts.rules)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from accounts.rules import MANAGE, WORK
from registry.scope import either
from selection.models import Round


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        """Applications of the districts the user works on, every application of the
        rounds the user manages, and of the rounds the user scores as a committee member."""
        work = user.place_scope(WORK).q(province="round__province_id", district="district_id")
        manage = user.place_scope(MANAGE).q(province="round__province_id")
        scored = Q(round_id__in=Round.objects.filter(opc_committee__user=user).values("pk"))
        return self.filter(either(work, manage, scored))

"""Nominations and submissions scoped by the one scope rule (accounts.rules)."""

from __future__ import annotations

from django.db import models

from accounts.rules import WORK


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user) -> SubmissionQuerySet:
        """The lists of the districts the user works on (staff: their province's)."""
        return self.filter(
            user.place_scope(WORK).q(province="round__province_id", district="district_id")
        )


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user) -> NominationQuerySet:
        """Nominations of the districts the user works on."""
        return self.filter(
            user.place_scope(WORK).q(province="round__province_id", district="district_id")
        )

"""Read-only admin: the workflow's writes belong to nominations.services, which check the
workflow table and write the change log; the timeline is in `changelog.ChangeLog`."""

from django.contrib import admin

from changelog.admin import ServiceOwnedAdmin
from nominations.models import KeptNomination, Nomination, Submission


@admin.register(Submission)
class SubmissionAdmin(ServiceOwnedAdmin):
    list_display = ["round", "district", "status", "reopened_until", "changed_at", "changed_by"]
    list_filter = ["status", "round"]
    list_select_related = ["round", "district", "changed_by"]


@admin.register(KeptNomination)
class KeptNominationAdmin(ServiceOwnedAdmin):
    list_display = ["nomination", "kind", "by", "at"]
    list_filter = ["kind"]
    list_select_related = ["nomination", "by"]


@admin.register(Nomination)
class NominationAdmin(ServiceOwnedAdmin):
    list_display = ["round", "district", "producer", "product", "tier", "position"]
    list_select_related = ["round", "district", "producer", "product"]

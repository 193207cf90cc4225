"""Read-only admin: applications, scores, the committee, publishing and PSO picks are
written by opc.services, which check the round's rules and write the change log."""

from django.contrib import admin

from changelog.admin import ServiceOwnedAdmin, ServiceOwnedInline
from opc.models import (
    Application,
    ApplicationProduct,
    CommitteeMember,
    PsoPick,
    Publication,
    Score,
)


class ApplicationProductInline(ServiceOwnedInline):
    model = ApplicationProduct
    raw_id_fields = ["product"]


class ScoreInline(ServiceOwnedInline):
    model = Score


@admin.register(Application)
class ApplicationAdmin(ServiceOwnedAdmin):
    list_display = ["round", "producer", "district", "status", "total_score"]
    list_filter = ["round", "status"]
    raw_id_fields = ["producer"]
    inlines = [ApplicationProductInline, ScoreInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ServiceOwnedAdmin):
    list_display = ["round", "user", "role"]
    list_filter = ["round"]


@admin.register(Publication)
class PublicationAdmin(ServiceOwnedAdmin):
    list_display = ["round", "published_at", "published_by", "created", "updated", "unchanged"]


@admin.register(PsoPick)
class PsoPickAdmin(ServiceOwnedAdmin):
    list_display = ["round", "category", "product", "picked_by"]
    raw_id_fields = ["product"]

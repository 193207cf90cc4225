from django.contrib import admin

from opc.models import (
    Application,
    ApplicationProduct,
    CommitteeMember,
    Event,
    PsoPick,
    Publication,
    Score,
)


class ApplicationProductInline(admin.TabularInline):
    model = ApplicationProduct
    extra = 0
    raw_id_fields = ["product"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    readonly_fields = ["scored_by", "scored_at"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["round", "producer", "district", "status", "total_score"]
    list_filter = ["round", "status"]
    raw_id_fields = ["producer"]
    inlines = [ApplicationProductInline, ScoreInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["round", "user", "role"]
    list_filter = ["round"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["round", "published_at", "published_by", "created", "updated", "unchanged"]
    readonly_fields = [f.name for f in Publication._meta.fields]


@admin.register(PsoPick)
class PsoPickAdmin(admin.ModelAdmin):
    list_display = ["round", "category", "product", "picked_by"]
    raw_id_fields = ["product"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["round", "at", "action", "user", "application"]
    list_filter = ["action", "round"]
    readonly_fields = ["round", "application", "action", "user", "at", "before", "after"]

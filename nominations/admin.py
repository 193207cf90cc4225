"""Read-mostly admin: the workflow's writes belong to nominations.services (logged)."""

from django.contrib import admin

from nominations.models import Submission, SubmissionEvent


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "action", "detail"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["round", "district", "status", "reopened_until", "changed_at", "changed_by"]
    list_filter = ["status", "round"]
    list_select_related = ["round", "district", "changed_by"]
    readonly_fields = ["round", "district", "status", "submitted_at", "changed_at", "changed_by"]
    inlines = [SubmissionEventInline]

from django.contrib import admin

from changelog.models import ChangeLog


class ServiceOwnedAdmin(admin.ModelAdmin):
    """Admin of rows a service owns (statuses, nominations, ratings, the log itself): the
    admin shows them, and adding, changing and deleting go through the services, which
    check their rules and write the change log. For every app (this app is the bottom)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceOwnedInline(admin.TabularInline):
    """Inline rows of a service-owned object, shown and never edited here."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChangeLog)
class ChangeLogAdmin(ServiceOwnedAdmin):
    """Read-only: the log is written by the services, never by hand."""

    list_display = [
        "created_at",
        "user",
        "object_type",
        "object_id",
        "action",
        "source",
        "describe",
    ]
    list_filter = ["source", "object_type", "action"]
    list_select_related = ["user"]
    search_fields = ["object_id", "source_ref", "district_code"]
    date_hierarchy = "created_at"

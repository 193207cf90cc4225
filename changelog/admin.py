from django.contrib import admin

from changelog.models import ChangeLog


@admin.register(ChangeLog)
class ChangeLogAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

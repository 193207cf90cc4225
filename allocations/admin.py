"""Quotas are set by `allocations.services` (the grid and the register upload), which
check them and write the change log: the admin shows them."""

from django.contrib import admin

from allocations.models import Quota
from changelog.admin import ServiceOwnedAdmin


@admin.register(Quota)
class QuotaAdmin(ServiceOwnedAdmin):
    list_display = ["round", "district", "amount", "kind", "remark"]
    list_filter = ["round"]
    list_select_related = ["round", "district"]

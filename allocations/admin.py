from django.contrib import admin

from allocations.models import Quota


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    list_display = ["round", "district", "amount", "kind", "remark"]
    list_filter = ["round"]
    list_select_related = ["round", "district"]

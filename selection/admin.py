"""Rounds in the Django admin. What a service owns is shown, not edited: the status
(`round_set_status`, its checks and hooks), the deadline (the letter editor; the letter
itself is `documents.Letter`, in the documents admin) and the rules (`round_set_rules`);
each of those services writes the change log. Nominations are in the nominations admin;
the OPC settings are opc rows."""

from django.contrib import admin

from changelog.admin import ServiceOwnedAdmin, ServiceOwnedInline
from selection.models import Criterion, Program, Round, Tier

# Round fields changed only through their services (the letter is `documents.Letter`,
# shown read-only by the documents admin).
SERVICE_OWNED_ROUND_FIELDS = ["status", "deadline"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "unit"]


class TierInline(ServiceOwnedInline):
    model = Tier


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["slug", "program", "fiscal_year", "province", "status", "deadline"]
    list_filter = ["program", "status", "fiscal_year"]
    search_fields = ["slug", "title"]
    readonly_fields = SERVICE_OWNED_ROUND_FIELDS
    inlines = [TierInline]


@admin.register(Criterion)
class CriterionAdmin(ServiceOwnedAdmin):
    list_display = ["tier", "order", "kind", "any_group", "explanation"]
    list_select_related = ["tier__round"]

from django.contrib import admin

from selection.models import Criterion, Nomination, Program, Round, Tier


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "unit"]


class TierInline(admin.TabularInline):
    model = Tier
    extra = 0


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["slug", "program", "fiscal_year", "province", "status", "deadline"]
    list_filter = ["program", "status", "fiscal_year"]
    search_fields = ["slug", "title", "letter_number"]
    inlines = [TierInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["tier", "order", "kind", "any_group", "explanation"]
    list_select_related = ["tier__round"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["round", "district", "producer", "product", "tier", "position"]
    list_select_related = ["round", "district", "producer", "product"]
    raw_id_fields = ["producer", "product"]

"""Django admin for the registry: searchable, filterable, and light on big tables.

Every foreign key to a big table (7,436 subdistricts, 928 districts, producers, products)
is an autocomplete or raw-id field, never a full <select>; changelists join what they show
(list_select_related) so a page of 100 rows is a fixed number of queries.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from changelog.admin import ServiceOwnedAdmin, ServiceOwnedInline
from registry.models import (
    District,
    ImportBatch,
    Participation,
    Producer,
    Product,
    Province,
    QuadrantRating,
    StarRating,
    Subdistrict,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["code", "name_th", "name_en", "province__name_th"]
    autocomplete_fields = ["province"]


@admin.register(Subdistrict)
class SubdistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "district", "province_name"]
    list_filter = ["district__province"]
    list_select_related = ["district__province"]
    search_fields = ["code", "name_th", "name_en", "district__name_th"]
    autocomplete_fields = ["district"]
    show_full_result_count = False

    @admin.display(description="จังหวัด", ordering="district__province__name_th")
    def province_name(self, obj):
        return obj.district.province.name_th


class ProductInline(admin.TabularInline):
    model = Product
    fields = ["code", "name", "category", "registered_year"]
    extra = 0
    show_change_link = True


class ProducerParticipationInline(admin.TabularInline):
    model = Participation
    fields = ["program", "fiscal_year", "product"]
    raw_id_fields = ["product"]
    extra = 0


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "producer_type", "district", "province_name", "registered_year"]
    list_filter = ["producer_type", "registered_year", "district__province"]
    list_select_related = ["district__province"]
    search_fields = ["code", "name", "phone", "district__name_th"]
    autocomplete_fields = ["district", "subdistrict"]
    inlines = [ProductInline, ProducerParticipationInline]
    show_full_result_count = False

    @admin.display(description="จังหวัด", ordering="district__province__name_th")
    def province_name(self, obj):
        return obj.district.province.name_th


class StarRatingInline(ServiceOwnedInline):
    """Ratings are written by the registry import and OPC publishing, which log them."""

    model = StarRating
    fields = ["year", "stars", "score"]
    ordering = ["-year"]
    extra = 0


class QuadrantRatingInline(ServiceOwnedInline):
    model = QuadrantRating
    fields = ["year", "quadrant"]
    ordering = ["-year"]
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "producer", "registered_year"]
    list_filter = ["category", "registered_year", "producer__district__province"]
    list_select_related = ["producer"]
    search_fields = ["code", "name", "producer__code", "producer__name"]
    autocomplete_fields = ["producer"]
    inlines = [StarRatingInline, QuadrantRatingInline]
    show_full_result_count = False


@admin.register(StarRating)
class StarRatingAdmin(ServiceOwnedAdmin):
    list_display = ["product", "year", "stars", "score"]
    list_filter = ["year", "stars"]
    list_select_related = ["product"]
    search_fields = ["product__code", "product__name", "product__producer__code"]
    autocomplete_fields = ["product"]
    show_full_result_count = False


@admin.register(QuadrantRating)
class QuadrantRatingAdmin(ServiceOwnedAdmin):
    list_display = ["product", "year", "quadrant"]
    list_filter = ["year", "quadrant"]
    list_select_related = ["product"]
    search_fields = ["product__code", "product__name", "product__producer__code"]
    autocomplete_fields = ["product"]
    show_full_result_count = False


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["program", "fiscal_year", "producer", "product"]
    list_filter = ["program", "fiscal_year"]
    list_select_related = ["producer", "product"]
    search_fields = ["producer__code", "producer__name", "product__code", "product__name"]
    autocomplete_fields = ["producer", "product"]
    show_full_result_count = False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Import records are written by the import service; the admin reads them (and may
    delete old ones), it does not edit what an import did."""

    list_display = ["created_at", "kind", "file_name", "status", "created_by", "error_count"]
    list_filter = ["status", "kind"]
    list_select_related = ["created_by"]
    search_fields = ["file_name", "sha256", "created_by__username"]
    date_hierarchy = "created_at"
    raw_id_fields = ["created_by"]

    # The stored files are never linked by their storage URL (nothing serves /media/):
    # the error workbook is downloaded through the import's own checked view.
    exclude = ["stored_file", "errors_file"]

    def get_readonly_fields(self, request, obj=None):
        files = set(self.exclude)
        return [f.name for f in self.model._meta.fields if f.name not in files] + [
            "errors_download"
        ]

    @admin.display(description="ไฟล์ข้อผิดพลาด")
    def errors_download(self, obj):
        if not obj.errors_file:
            return "-"
        url = reverse("registry:import_errors", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, "ดาวน์โหลด (.xlsx)")

    def has_add_permission(self, request):
        return False

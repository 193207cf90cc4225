"""Users in the Django admin: admins create officers and staff here, with role and place."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User

_ROLE_FIELDS = ("บทบาทและพื้นที่", {"fields": ("role", "province", "district")})


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "province",
        "district",
        "is_active",
    ]
    list_filter = ["role", "is_active", "province"]
    list_select_related = ["province", "district"]
    search_fields = ["username", "first_name", "last_name", "email", "district__name_th"]
    autocomplete_fields = ["province", "district"]
    fieldsets = (*DjangoUserAdmin.fieldsets, _ROLE_FIELDS)
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, _ROLE_FIELDS)

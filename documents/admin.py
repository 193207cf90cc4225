"""The rounds' letters in the Django admin: shown, not edited; the letter editor
(`documents.services.round_letter_update`) validates and logs every change."""

from django.contrib import admin

from changelog.admin import ServiceOwnedAdmin
from documents.models import Letter


@admin.register(Letter)
class LetterAdmin(ServiceOwnedAdmin):
    list_display = ["round", "letter_number", "letter_date", "subject"]
    list_select_related = ["round"]
    search_fields = ["round__slug", "round__title", "letter_number", "subject"]

"""Template filters for Thai formatting; the logic lives in registry.thai."""

from django import template

register = template.Library()

"""Filters for printed documents: `{% load documents %}`.

{{ paragraph|for_print }}   Thai word-boundary break opportunities and unbreakable
                            dates/counts (see documents.thaitext); still autoescaped.
"""

from django import template

from documents import thaitext

register = template.Library()


@register.filter
def for_print(value):
    """Text prepared for a justified Thai paragraph (returns plain text, escaped later)."""
    if value is None:
        return ""
    return thaitext.for_print(str(value))

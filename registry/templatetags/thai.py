"""Template filters for Thai formatting; the logic lives in registry.thai.

Listed in TEMPLATES["OPTIONS"]["builtins"], so every template can use them without
{% load %}:

    {{ 2567|thai_digits }}               ๒๕๖๗
    {{ letter.letter_date|be_date_long }} ๕ ธันวาคม ๒๕๖๗   ("arabic" → 5 ธันวาคม 2567)
    {{ round.deadline|be_date_short }}    5 ธ.ค. 2567       ("thai" → ๕ ธ.ค. ๒๕๖๗)
    {{ some_date|fiscal_year }}           2568
    {{ round.deadline|days_left_th }}     อีก ๓ วัน (counted from today, Bangkok time)
    {{ producer.phone|phone }}             0-5452-3838, 081-234-5678
    {% for shown, dial in producer.phone|phone_numbers %}  one tel: link per number

Empty values (None, "") give "" so optional dates need no {% if %}; a value of the wrong
type is returned unchanged, as Django's own filters do.
"""

import datetime as dt

from django import template
from django.utils import timezone

from registry import thai

register = template.Library()


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _is_date(value) -> bool:
    return isinstance(value, dt.date)


@register.filter
def thai_digits(value):
    """Arabic digits written as Thai digits: 2567 → ๒๕๖๗."""
    if value is None:
        return ""
    return thai.thai_digits(value)


@register.filter
def be_date_long(value, digits="thai"):
    """A date in Thai words with its BE year: ๕ ธันวาคม ๒๕๖๗."""
    if value in (None, ""):
        return ""
    if not _is_date(value):
        return value
    return thai.be_date_long(_local(value), digits=digits)


@register.filter
def be_date_short(value, digits="arabic"):
    """A short Thai date: 5 ธ.ค. 2567."""
    if value in (None, ""):
        return ""
    if not _is_date(value):
        return value
    return thai.be_date_short(_local(value), digits=digits)


@register.filter
def fiscal_year(value):
    """The BE fiscal year (1 October starts the next one) of a date."""
    if value in (None, ""):
        return ""
    if not _is_date(value):
        return value
    return thai.fiscal_year(_local(value))


@register.filter
def days_left_th(value, digits="thai"):
    """How long until a deadline, from today in local time: อีก ๓ วัน / เลยกำหนด ๒ วัน."""
    if value in (None, ""):
        return ""
    if not _is_date(value):
        return value
    return thai.days_left_text(_local(value), timezone.localdate(), digits=digits)


@register.filter
def phone(value):
    """A stored phone as people read it: 0-5452-3838, 081-234-5678 (registry.thai)."""
    if not value:
        return ""
    return thai.phone_display(value)


@register.filter
def phone_numbers(value):
    """(as shown, digits to dial) for each number of a stored phone."""
    return thai.phone_numbers(value or "")

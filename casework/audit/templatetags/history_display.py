"""Filters that show a history row in Swedish: ``{{ row.history_user|person }}``
and ``{{ row.history_change_reason|reason }}``."""

from django import template

from casework.audit import display

register = template.Library()


@register.filter
def person(user) -> str:
    return display.person(user)


@register.filter
def reason(stored) -> str:
    return display.reason_text(stored)

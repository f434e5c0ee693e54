"""The dashboard's list of the user's bodies' upcoming meetings (issue 12):
`{% load meeting_tags %}{% upcoming_meetings %}` where the dashboard wants it."""

from django import template
from django.conf import settings

from ..meeting_selectors import upcoming_meetings as _upcoming

register = template.Library()


@register.inclusion_tag("dialog/meetings/_upcoming.html", takes_context=True)
def upcoming_meetings(context):
    user = context["request"].user
    rows = getattr(settings, "DASHBOARD_ROWS", 10)
    return {"upcoming_meetings": _upcoming(user, limit=rows) if user.is_authenticated else []}

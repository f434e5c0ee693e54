"""Template helpers of the notifications: the retention the privacy notice states."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def feedback_retention() -> dict:
    """How long residents' addresses are kept (settings; no query)."""
    return {
        "days": settings.FEEDBACK_ADDRESS_RETENTION_DAYS,
        "max_days": settings.FEEDBACK_ADDRESS_MAX_DAYS,
    }

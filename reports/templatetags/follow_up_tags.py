"""The dashboard's follow-up panel (issue 16): `{% load follow_up_tags %}{% follow_up_panel %}`.

The link to the follow-up of the dialogue work for those who may read it, and for a committee
secretary the follow-ups that the profile's rhythm makes due (reports.selectors.follow_up_due)."""

from django import template

from core.permissions import can

from ..selectors.follow_up_due import due_follow_ups

register = template.Library()


@register.inclusion_tag("reports/_follow_up_panel.html", takes_context=True)
def follow_up_panel(context):
    user = context["request"].user
    if not can(user, "reports.view_report"):
        return {"show": False}
    return {"show": True, "due": due_follow_ups(user)}

"""Small template helpers for the dialogue pages."""

import rules
from django import template

from dialog.forms import person_label

register = template.Library()


@register.simple_tag
def may(permission, user, obj=None) -> bool:
    """Like rules' `has_perm`, but asks our rules only, as the services do (no superuser pass)."""
    return rules.has_perm(permission, user, obj)


@register.filter
def person(user) -> str:
    """A person's full name, or their user name when it is missing."""
    return person_label(user) if user else ""

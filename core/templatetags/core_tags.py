"""Template helpers every app's pages use (the base template among them)."""

from django import template

from core import smallcounts
from core.people import person_label
from core.permissions import can

register = template.Library()


@register.simple_tag
def may(permission, user, obj=None) -> bool:
    """Like rules' `has_perm`, but asks our rules only, as the services do (no superuser pass)."""
    return can(user, permission, obj)


@register.filter
def person(user) -> str:
    """A person's full name, or their user name when it is missing."""
    return person_label(user)


@register.filter
def small_count(value):
    """Counts of 1 to 4 can point at a person in a small place: shown as "fewer than 5"."""
    return smallcounts.shown(value)

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


@register.simple_tag
def input_counts(dialogue) -> list[tuple[str, int]]:
    """The dialogue's inputs within its purpose and off-topic, for the dialogue page."""
    from django.db.models import Count, Q
    from django.utils.translation import gettext as _

    counts = dialogue.inputs.aggregate(
        on=Count("pk", filter=Q(within_purpose=True)),
        off=Count("pk", filter=Q(within_purpose=False)),
    )
    return [(_("within the purpose"), counts["on"]), (_("off-topic"), counts["off"])]

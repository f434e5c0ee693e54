"""Small template helpers for the dialogue pages."""

from django import template

register = template.Library()

# `may` and `person`, which every app's pages use, are in core_tags.


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

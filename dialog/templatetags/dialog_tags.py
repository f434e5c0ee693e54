"""Small template helpers for the dialogue pages."""

from django import template
from django.utils.translation import gettext as _

from dialog import selectors

register = template.Library()

# `may` and `person`, which every app's pages use, are in core_tags.


@register.simple_tag
def input_counts(dialogue) -> list[tuple[str, int]]:
    """The dialogue's inputs within its purpose and off-topic, labelled for the dialogue page."""
    counts = selectors.input_counts(dialogue)
    return [(_("within the purpose"), counts["on"]), (_("off-topic"), counts["off"])]

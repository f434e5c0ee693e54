"""Small template helpers for the dialogue pages."""

from django import template
from django.utils.translation import gettext as _

from dialog import selectors, steps

register = template.Library()

# `may` and `person`, which every app's pages use, are in core_tags.


@register.simple_tag
def input_counts(dialogue) -> list[tuple[str, int]]:
    """The dialogue's inputs within its purpose and off-topic, labelled for the dialogue page."""
    counts = selectors.input_counts(dialogue)
    return [(_("within the purpose"), counts["on"]), (_("off-topic"), counts["off"])]


@register.simple_tag
def step_panels() -> list[str]:
    """The templates of the steps' panels on the dialogue page, in the order of the process."""
    return [content.panel for content in steps.STEP_CONTENTS]

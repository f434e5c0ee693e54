"""Template helpers for the dialogue page and its steps' panels: they format; the reads are
`dialog.selectors`'."""

from django import template
from django.utils.translation import gettext as _

from dialog import selectors, steps
from dialog.models import STEPS, State

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


@register.simple_tag
def record_of(dialogue, name):
    """The dialogue's one-to-one record `name` (e.g. "proposal"), or None."""
    return getattr(dialogue, name, None)


@register.simple_tag
def step_reached(dialogue, state) -> bool:
    """True when the dialogue is at step `state` or has gone past it (closed counts as past)."""
    if dialogue.state == State.CLOSED:
        return True
    if dialogue.state not in STEPS:
        return False
    return STEPS.index(dialogue.state) >= STEPS.index(state)


@register.simple_tag
def compilation_counts(dialogue):
    return selectors.compilation_counts(dialogue)


@register.simple_tag
def offtopic_summary(dialogue) -> dict:
    return selectors.offtopic_summary(dialogue)

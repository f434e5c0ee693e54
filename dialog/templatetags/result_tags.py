"""Template helpers for the dialogue page's panels of steps 6-9: they format, the reads are
`dialog.selectors`'."""

from django import template

from dialog import selectors
from dialog.models import STEPS, State

register = template.Library()


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

"""Template helpers for reach per target group and the activities' evaluations (issue 16): the
reads are `dialog.reach`'s (cached on the dialogue for the request, so the dialogue page's panel
and step 9's evaluation read once)."""

from django import template

from dialog import reach

register = template.Library()


@register.simple_tag
def dialogue_reach(dialogue) -> reach.DialogueReach:
    """The dialogue's held activities with their counts and evaluations, and each target
    group's reach."""
    return reach.dialogue_reach(dialogue)


@register.filter
def count_for(held, group) -> str:
    """The participants recorded from `group` (a `reach.GroupReach`) at a held activity, or ""
    when nothing is recorded for it."""
    value = held.counts.get(group.target_group.pk)
    return "" if value is None else str(value)

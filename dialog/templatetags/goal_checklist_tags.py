"""The dialogue page's goals panel and each step's checklists (issue 16)."""

import rules
from django import template

from ..checklists import step_checklists as _step_checklists
from ..forms.goals import DialogueGoalsForm
from ..services.goals_checklists import checklist_permission

register = template.Library()


@register.simple_tag
def dialogue_goals(dialogue, user) -> dict:
    """The goals the dialogue serves (one query), and the form to change them for those who
    may."""
    goals = list(dialogue.goals.select_related("owner_body"))
    may_link = rules.has_perm("dialog.link_goals", user, dialogue)
    form = None
    if may_link:
        form = DialogueGoalsForm(dialogue=dialogue, initial={"goals": [g.pk for g in goals]})
    return {"goals": goals, "form": form}


@register.simple_tag
def step_checklists(dialogue, user, step: str) -> list[dict]:
    """The profile's checklists used at `step`, with the dialogue's answers and whether the
    user may answer them now."""
    return [
        {
            "row": row,
            "can_answer": rules.has_perm(checklist_permission(row.checklist), user, dialogue),
        }
        for row in _step_checklists(dialogue, step)
    ]

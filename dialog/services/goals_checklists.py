"""Issue 16 on the dialogue: the municipality's goals it serves, and its answers to the policy
profile's checklists (Solna's bilaga 1) [SOL][SAN][HAG].

Each change locks the dialogue's row, then checks the permission on what is now current:
linking goals needs `dialog.link_goals`; answering a checklist needs the editing permission of
the step the checklist belongs to (`dialog.steps`), so a checklist is answered at its step only
and by those who may edit that step's content.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Checklist

from .. import steps
from ..models import ChecklistAnswer, Dialogue
from .case import _check as check
from .case import _load_for_change, access_dialogue


@transaction.atomic
def set_dialogue_goals(*, dialogue_id: int, user, goals) -> Dialogue:
    """Link the goals the dialogue serves (replacing the earlier set); the dialogue's history
    keeps who linked which goal."""
    dialogue = access_dialogue(dialogue_id, user, "dialog.link_goals")
    dialogue._history_user = user  # the m2m history rows name who linked the goals
    dialogue.goals.set(list(goals))
    return dialogue


def checklist_permission(checklist: Checklist) -> str:
    """The editing permission of the step the checklist is used at."""
    return steps.get(checklist.step).editing.permission


@transaction.atomic
def answer_checklist(*, dialogue_id: int, checklist_id: int, user, answers: dict) -> list:
    """Save the dialogue's answers to one checklist. `answers` maps an item's id to
    `{"ticked": bool, "answer": str}`; an item whose answer is unchanged is left alone (its
    history and who answered it stay). Returns the changed answers."""
    dialogue = _load_for_change(dialogue_id)
    checklist = (
        Checklist.objects.filter(pk=checklist_id, profile_id=dialogue.policy_profile_id)
        .prefetch_related("items")
        .first()
    )
    if checklist is None:
        raise ValidationError(_("This checklist is not part of the dialogue's policy."))
    check(user, checklist_permission(checklist), dialogue)
    items = {item.pk: item for item in checklist.items.all()}
    unknown = [key for key in answers if key not in items]
    if unknown:
        raise ValidationError(_("The checklist has changed; reload the page."))
    existing = {
        a.item_id: a
        for a in ChecklistAnswer.objects.select_for_update().filter(
            dialogue=dialogue, item__in=list(items)
        )
    }
    now = timezone.now()
    changed = []
    for item_id, given in answers.items():
        item = items[item_id]
        ticked = bool(given.get("ticked")) if item.kind == item.Kind.TICK else False
        text = (given.get("answer") or "").strip() if item.kind == item.Kind.ANSWER else ""
        answer = existing.get(item_id)
        if answer is None:
            if not ticked and not text:
                continue  # nothing said yet
            answer = ChecklistAnswer(dialogue=dialogue, item=item)
        elif answer.ticked == ticked and answer.answer == text:
            continue
        answer.ticked, answer.answer = ticked, text
        answer.answered_by, answer.answered_at = user, now
        answer._history_user = user
        answer.full_clean()
        answer.save()
        changed.append(answer)
    return changed

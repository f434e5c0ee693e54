"""Reads of a dialogue's checklists (issue 16): the policy profile's checklists with the
dialogue's answers, per step. Read once per dialogue object (three queries whatever the number
of checklists, items and answers; none more for each step's panel)."""

from dataclasses import dataclass, field

from governance.models import Checklist, ChecklistItem

from .models import ChecklistAnswer, Dialogue


@dataclass
class ItemRow:
    item: ChecklistItem
    answer: ChecklistAnswer | None

    @property
    def is_answered(self) -> bool:
        return self.answer is not None and self.answer.is_answered


@dataclass
class ChecklistRow:
    checklist: Checklist
    items: list[ItemRow] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for row in self.items if row.is_answered)


def dialogue_checklists(dialogue: Dialogue) -> list[ChecklistRow]:
    """Every checklist of the dialogue's profile, in order, with the dialogue's answers."""
    cached = getattr(dialogue, "_checklist_rows", None)
    if cached is not None:
        return cached
    rows: list[ChecklistRow] = []
    if dialogue.policy_profile_id:
        checklists = list(
            Checklist.objects.filter(profile_id=dialogue.policy_profile_id).prefetch_related(
                "items"
            )
        )
        answers = {}
        if checklists:
            answers = {
                a.item_id: a
                for a in ChecklistAnswer.objects.filter(dialogue=dialogue).select_related(
                    "answered_by"
                )
            }
        rows = [
            ChecklistRow(c, [ItemRow(item, answers.get(item.pk)) for item in c.items.all()])
            for c in checklists
        ]
    dialogue._checklist_rows = rows
    return rows


def step_checklists(dialogue: Dialogue, step: str) -> list[ChecklistRow]:
    return [row for row in dialogue_checklists(dialogue) if row.checklist.step == step]

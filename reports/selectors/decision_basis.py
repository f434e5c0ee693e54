"""The decision basis for each decision point: mandate, launch and final decision.

It is the tjänsteskrivelse of the point (issue 12), built in `case_memo`: these names are
kept for the callers (the services, the preflight, the offers, the export command).

The policy profile's checklists (issue 16: Solna's bilaga 1) answered up to the point are part
of its basis: `checklist_section` gives them as plain values, which `case_memo.memo_content`
freezes with the rest.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from dialog.checklists import dialogue_checklists
from dialog.models import DecisionPoint, Dialogue
from governance.models import CHECKLIST_STEPS, ChecklistItem

from ..rendering import Document
from .case_memo import case_memo, case_memo_missing, case_memo_title
from .reads import latest_point, person_name

_STEP_ORDER = [name for name, _label in CHECKLIST_STEPS]
# The last step whose checklists are answered before each point is submitted.
_LAST_STEP = {
    DecisionPoint.MANDATE: "initiative_mandate",
    DecisionPoint.LAUNCH: "planning",
    DecisionPoint.FINAL: "processing",
}


def checklist_section(dialogue: Dialogue, point: str) -> list[dict]:
    """The profile's checklists of the steps before `point`, each item with the dialogue's
    answer: [{"title", "source", "items": [[question, answer, by, on], ...]}]."""
    last = _STEP_ORDER.index(_LAST_STEP[point])
    section = []
    for row in dialogue_checklists(dialogue):
        if _STEP_ORDER.index(row.checklist.step) > last:
            continue
        items = []
        for item_row in row.items:
            answer = item_row.answer
            if answer is None or not answer.is_answered:
                said = _("Not answered")
            elif item_row.item.kind == ChecklistItem.Kind.TICK:
                said = _("Done")
            else:
                said = answer.answer
            by = person_name(answer.answered_by) if answer is not None else ""
            on = timezone.localdate(answer.answered_at).isoformat() if answer is not None else ""
            items.append([item_row.item.text, str(said), by, on])
        section.append(
            {"title": row.checklist.title, "source": row.checklist.source, "items": items}
        )
    return section


def _decision_basis_missing(dialogue: Dialogue, point: str) -> list[str]:
    return case_memo_missing(dialogue, point)


def decision_basis_title(dialogue: Dialogue) -> str:
    return case_memo_title(dialogue)


def decision_basis(dialogue: Dialogue, point: str | None = None) -> Document:
    return case_memo(dialogue, point or latest_point(dialogue))

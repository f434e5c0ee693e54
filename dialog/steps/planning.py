"""Step 3, the plan [SAN][SOL]: activities residents can find, the communication plan, and when
the later decisions are taken. Activities are also marked held or cancelled during execution."""

from django.utils.translation import gettext_lazy as _

from dialog.forms import ActivityForm, CommunicationItemForm, PlannedDecisionPointForm
from dialog.models import (
    Activity,
    CommunicationItem,
    DecisionPoint,
    PlannedDecisionPoint,
    State,
)
from dialog.models.case_memo import memo_missing

from .base import Editing, ItemKind, StepContent


def missing(dialogue) -> list[str]:
    """What submitting the plan for the launch decision needs."""
    missing = []
    if not any(a.is_scheduled for a in dialogue.activities.all()):
        missing.append(str(_("at least one activity with a date and a place or a link")))
    if not any(c.tells_feedback for c in dialogue.communication_items.all()):
        missing.append(
            str(_("a communication plan item that tells how the result will be fed back"))
        )
    if not any(p.point == DecisionPoint.FINAL for p in dialogue.planned_decision_points.all()):
        missing.append(str(_("the planned date of the final decision")))
    # The tjänsteskrivelse submitted with the plan (issue 12).
    missing.extend(memo_missing(dialogue, DecisionPoint.LAUNCH))
    return missing


CONTENT = StepContent(
    name="planning",
    editing=Editing(
        permission="dialog.edit_planning",
        states=(State.PLANNING,),
        refused=_(
            "Only the responsible official or the officials working on the dialogue can change "
            "the plan, and only while the dialogue is at the planning step."
        ),
    ),
    extra_editing=(
        # Activities are planned, and during execution marked held or cancelled (or one added).
        Editing(
            permission="dialog.edit_activities",
            states=(State.PLANNING, State.EXECUTION),
            refused=_(
                "Only the responsible official or the officials working on the dialogue can "
                "change the activities, and only while the dialogue is at the planning or "
                "execution step."
            ),
        ),
    ),
    missing=missing,
    panel="dialog/steps/_planning.html",
    items=(
        ItemKind(
            name="activity",
            model=Activity,
            form_class=ActivityForm,
            save="save_activity",
            delete="delete_activity",
            permission="dialog.edit_activities",
            add_title=_("Add an activity"),
            edit_title=_("Edit the activity"),
            anchor="planning",
        ),
        ItemKind(
            name="communication",
            model=CommunicationItem,
            form_class=CommunicationItemForm,
            save="save_communication_item",
            delete="delete_communication_item",
            permission="dialog.edit_planning",
            add_title=_("Add to the communication plan"),
            edit_title=_("Edit the communication plan item"),
            anchor="planning",
        ),
        ItemKind(
            name="decision_point",
            model=PlannedDecisionPoint,
            form_class=PlannedDecisionPointForm,
            save="save_planned_decision_point",
            delete="delete_planned_decision_point",
            permission="dialog.edit_planning",
            add_title=_("Plan a decision point"),
            edit_title=_("Edit the planned decision point"),
            anchor="planning",
        ),
    ),
)

"""Step 9 after the final decision: the action plan, the feedback to residents (published) and
the evaluation (done) [SAN][SOL][HAN][FOR][HAG].

"Published" and "done" are plain dates, not states of the machine: each is set by exactly one
service (`publish_resident_feedback`, `mark_evaluation_done`), and once set, the texts they
cover may be corrected but not emptied (`still_complete_errors`).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialog.forms import ActionItemForm, EvaluationForm, ResidentFeedbackForm
from dialog.models import ActionItem, DecisionPoint, Evaluation, ResidentFeedback, State

from .base import Editing, ItemKind, RecordForm, StepContent, blank, record_of

# The evaluation's parts, all required before it is marked done [SAN][SOL].
EVALUATION_FIELDS = (
    ("purpose_met", gettext_lazy("whether the purpose was met")),
    ("purpose_comment", gettext_lazy("a comment on the purpose")),
    ("methods_comment", gettext_lazy("the methods")),
    ("reach_comment", gettext_lazy("reach and representativeness")),
    ("accessibility_comment", gettext_lazy("accessibility")),
    ("lessons_learned", gettext_lazy("lessons learned")),
)

# What residents are told, all three required before publishing [HAN][FOR][HAG].
FEEDBACK_TEXTS = (
    ("what_we_heard", gettext_lazy("what we heard")),
    ("what_we_decided", gettext_lazy("what we decided")),
    ("why", gettext_lazy("why")),
)


def missing(dialogue) -> list[str]:
    """What closing needs besides the final decision: the action plan, the feedback to residents
    published and the evaluation done."""
    missing = []
    if not dialogue.action_items.exists():
        missing.append(_("at least one action in the action plan"))
    feedback = getattr(dialogue, "resident_feedback", None)
    if feedback is None or not feedback.is_published:
        missing.append(_("the feedback to residents, published"))
    evaluation = getattr(dialogue, "evaluation", None)
    if evaluation is None or not evaluation.is_done:
        missing.append(_("the evaluation, marked as done"))
    return missing


def publish_missing(dialogue, feedback) -> list[str]:
    """What publishing the feedback to residents needs: the final decision and all three texts."""
    missing = [str(m) for m in dialogue.final_decision_missing()]
    missing.extend(str(label) for name, label in FEEDBACK_TEXTS if blank(getattr(feedback, name)))
    return missing


def evaluation_missing(evaluation) -> list[str]:
    return [str(label) for name, label in EVALUATION_FIELDS if blank(getattr(evaluation, name))]


def still_complete_errors(record) -> dict:
    """Published feedback and a finished evaluation may be corrected, not emptied."""
    if isinstance(record, ResidentFeedback) and record.is_published:
        fields = FEEDBACK_TEXTS
    elif isinstance(record, Evaluation) and record.is_done:
        fields = EVALUATION_FIELDS
    else:
        return {}
    return {
        name: _("It has been published or marked as done, so this cannot be left empty.")
        for name, _label in fields
        if not str(getattr(record, name) or "").strip()
    }


def _final_decision_recorded(dialogue) -> bool:
    return dialogue.approved_decision(DecisionPoint.FINAL) is not None


CONTENT = StepContent(
    name="decision_followup",
    editing=Editing(
        permission="dialog.edit_decision_followup",
        states=(State.DECISION,),
        # The action plan, the feedback and the evaluation follow the final decision.
        when=_final_decision_recorded,
        refused=gettext_lazy(
            "Only the responsible official or the officials working on the dialogue can write "
            "the action plan, the feedback to residents and the evaluation, and only at the "
            "decision step once the final decision has been recorded."
        ),
    ),
    missing=missing,
    panel="dialog/steps/_decision_followup.html",
    records=(
        RecordForm(
            name="resident_feedback",
            title=gettext_lazy("Write the feedback to residents"),
            form_class=ResidentFeedbackForm,
            service="update_resident_feedback",
            permission="dialog.edit_decision_followup",
            instance=record_of(ResidentFeedback),
        ),
        RecordForm(
            name="evaluation",
            title=gettext_lazy("Evaluate the dialogue"),
            form_class=EvaluationForm,
            service="update_evaluation",
            permission="dialog.edit_decision_followup",
            instance=record_of(Evaluation),
            # The form shows the reach per target group beside it (issue 16, dialog.reach).
            template="dialog/reach/dialogue_evaluation_form.html",
        ),
    ),
    items=(
        ItemKind(
            name="action_item",
            model=ActionItem,
            form_class=ActionItemForm,
            save="save_action_item",
            delete="delete_action_item",
            permission="dialog.edit_decision_followup",
            add_title=gettext_lazy("Add an action"),
            edit_title=gettext_lazy("Edit the action"),
            anchor="followup",
        ),
    ),
)

"""Steps 1-2, the initiative and the mandate: what the politicians are asked to decide.

Submitting for the mandate decision needs the initiative's texts, the mandate's parts, a
responsible politician, and what the dialogue's policy profile asks (the participation level,
the initiative questions, the target groups; those rules are read from the profile in
`dialog.policy`).
"""

from django.utils.translation import gettext_lazy as _

from dialog import policy
from dialog.forms import InitiativeStepForm, MandateStepForm
from dialog.models import Assignment, Mandate, State

from .base import Editing, RecordForm, StepContent

INITIATIVE_LABELS = {
    "title": _("a title"),
    "question": _("the question"),
    "background": _("the background"),
    "why_dialogue": _("why a dialogue is needed"),
    "future_decision": _("which future decision it feeds"),
    "participation_level": _("a proposed participation level"),
}


def initiative_missing(dialogue) -> list[str]:
    return [str(label) for name, label in INITIATIVE_LABELS.items() if not getattr(dialogue, name)]


def mandate_missing(dialogue) -> list[str]:
    mandate = getattr(dialogue, "mandate", None)
    if mandate is None:
        return [str(_("the mandate has not been drafted"))]
    # Only some policies want the feedback plan in the mandate [HAG]; others decide it
    # with the plan or the final decision [SAN][SOL].
    optional = () if policy.feedback_plan_required(dialogue) else ("feedback_plan",)
    missing = mandate.missing(optional=optional)
    if not any(a.role == Assignment.Role.POLITICIAN for a in dialogue.assignments.all()):
        missing.append(str(_("at least one responsible politician")))
    return missing


def missing(dialogue) -> list[str]:
    """What submitting for the mandate decision needs, in the order the page lists it."""
    return [
        *initiative_missing(dialogue),
        *(str(m) for m in policy.participation_missing(dialogue)),
        *(str(m) for m in policy.initiative_questions_missing(dialogue)),
        *mandate_missing(dialogue),
        *(str(m) for m in policy.target_groups_missing(dialogue)),
    ]


def _mandate_of(dialogue) -> Mandate:
    return getattr(dialogue, "mandate", None) or Mandate(dialogue=dialogue)


CONTENT = StepContent(
    name="initiative_mandate",
    editing=Editing(
        permission="dialog.edit_initiative",
        states=(State.INITIATIVE,),
        initiator_too=True,
        refused=_(
            "Only the responsible official, the officials working on the "
            "dialogue or its initiator can change the initiative, and only "
            "while it is at the initiative step."
        ),
    ),
    missing=missing,
    panel="dialog/steps/_initiative_mandate.html",
    records=(
        RecordForm(
            name="initiative",
            title=_("Edit the initiative"),
            form_class=InitiativeStepForm,
            service="update_initiative",
            permission="dialog.edit_initiative",
            instance=lambda dialogue: dialogue,
        ),
        RecordForm(
            name="mandate",
            title=_("Edit the mandate"),
            form_class=MandateStepForm,
            service="update_mandate",
            permission="dialog.edit_initiative",
            instance=_mandate_of,
        ),
    ),
)

"""Steps 1-2, the initiative and the mandate: what the politicians are asked to decide.

Submitting for the mandate decision needs the initiative's texts, the mandate's parts, a
responsible politician, and what the dialogue's policy profile asks (the participation level,
the initiative questions, the target groups; the profile's settings are read through
`dialog.policy`).
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dialog import policy
from dialog.forms import InitiativeStepForm, MandateStepForm
from dialog.models import Assignment, DecisionPoint, Mandate, ParticipationLevel, State
from dialog.models.case_memo import memo_missing
from governance.profiles import ladder_rank

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


# -- What the dialogue lacks under its policy profile (read through dialog.policy) ----------


def initiative_questions_missing(dialogue) -> list[str]:
    """Every question of the profile answered, and answered YES [SOL][FOR]."""
    answers = {a.question: a for a in dialogue.initiative_answers.all()}
    missing = []
    for key in policy.questions(dialogue):
        answer = answers.get(key)
        if answer is None:
            missing.append(
                gettext("an answer to the initiative question “%(question)s”")
                % {"question": policy.question_text(key)}
            )
        elif not answer.answer:
            missing.append(
                gettext(
                    "the initiative question “%(question)s” is answered no. The political body "
                    "must be able to answer yes to it before a dialogue; otherwise a dialogue is "
                    "not the right tool."
                )
                % {"question": policy.question_text(key)}
            )
    return missing


def participation_missing(dialogue) -> list[str]:
    """The level not below the profile's lowest [SAN][SOL]; no statutory consultation here."""
    missing = []
    level = dialogue.participation_level
    lowest = policy.lowest_level(dialogue)
    if level and lowest and ladder_rank(level) < ladder_rank(lowest):
        if level == ParticipationLevel.INFORMATION:
            missing.append(
                gettext(
                    "the participation level: information only is not a dialogue. Informing "
                    "residents about a decision already taken is not a citizen dialogue; choose "
                    "at least “%(lowest)s”."
                )
                % {"lowest": ParticipationLevel(lowest).label}
            )
        else:
            missing.append(
                gettext(
                    "the participation level: the dialogue policy asks for at least “%(lowest)s”."
                )
                % {"lowest": ParticipationLevel(lowest).label}
            )
    if dialogue.statutory_consultation:
        missing.append(
            gettext(
                "statutory consultation: samråd and granskning under the Planning and Building "
                "Act (2010:900), and the consultations the Public Transport Act (2010:1065), the "
                "Environmental Code (1998:808) and the Act on National Minorities and Minority "
                "Languages (2009:724) require, are not citizen dialogues. They are handled in "
                "their own statutory process, not here; untick “statutory consultation” if this "
                "is a citizen dialogue."
            )
        )
    return missing


def target_groups_missing(dialogue) -> list[str]:
    """Each group the profile names is included or left out with a written reason [SAN][HAG]."""
    rows = {g.group: g for g in dialogue.target_groups.all() if g.group != "other"}
    missing = []
    for key in policy.groups_to_consider(dialogue):
        row = rows.get(key)
        if row is None:
            missing.append(
                gettext(
                    "the target group “%(group)s” must always be considered: include it in the "
                    "mandate or give a reason why not"
                )
                % {"group": policy.group_label(key)}
            )
        elif not row.included and not row.reason.strip():
            missing.append(
                gettext("a reason why the target group “%(group)s” is not included")
                % {"group": policy.group_label(key)}
            )
    return missing


def missing(dialogue) -> list[str]:
    """What submitting for the mandate decision needs, in the order the page lists it."""
    return [
        *initiative_missing(dialogue),
        *(str(m) for m in participation_missing(dialogue)),
        *(str(m) for m in initiative_questions_missing(dialogue)),
        *mandate_missing(dialogue),
        *(str(m) for m in target_groups_missing(dialogue)),
        # The tjänsteskrivelse submitted with it (issue 12).
        *memo_missing(dialogue, DecisionPoint.MANDATE),
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

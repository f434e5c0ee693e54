"""Who may do what with a dialogue. Predicates take (user, dialogue).

The transitions name these permissions (see `dialog.models.may`); views and templates test the
same ones, so a button is shown exactly when the service would run the action.
"""

import rules
from django.utils.translation import gettext_lazy as _

from roles.rules import (
    has_any_membership,
    is_clerk_of_body,
    is_official,
    is_politician,
    is_politician_of_body,
    is_registrar_of_body,
)

from . import steps
from .delegation import is_officials_head, may_decide_by_delegation, may_decide_urgently


@rules.predicate
def is_responsible_official(user, dialogue) -> bool:
    return dialogue is not None and dialogue.responsible_official_id == user.pk


@rules.predicate
def is_assigned_official(user, dialogue) -> bool:
    from .models import Assignment

    return dialogue is not None and any(
        a.person_id == user.pk and a.role in Assignment.OFFICIAL_ROLES
        for a in dialogue.assignments.all()
    )


@rules.predicate
def is_initiator(user, dialogue) -> bool:
    return dialogue is not None and dialogue.initiated_by_id == user.pk


@rules.predicate
def is_body_politician(user, dialogue) -> bool:
    return dialogue is not None and is_politician_of_body(user, dialogue.body)


@rules.predicate
def is_body_clerk(user, dialogue) -> bool:
    return dialogue is not None and is_clerk_of_body(user, dialogue.body)


@rules.predicate
def is_diarium_registrar(user, dialogue) -> bool:
    """A registrar of the body whose diarium registers the dialogue's cases (Body.registered_in:
    the council's in the executive board's, for instance)."""
    return dialogue is not None and is_registrar_of_body(user, dialogue.body.diarium_body)


def in_step(editing) -> rules.Predicate:
    """In one of the states where a step's content can be edited (and, for the follow-up of
    the decision, with the final decision recorded): one factory for every step, read from
    `dialog.steps`."""

    def check(user, dialogue) -> bool:
        if dialogue is None or dialogue.state not in editing.states:
            return False
        return editing.when is None or editing.when(dialogue)

    return rules.predicate(check, name=f"in_step:{editing.permission}")


@rules.predicate
def is_ongoing(user, dialogue) -> bool:
    return dialogue is not None and dialogue.is_active


@rules.predicate
def is_unregistered(user, dialogue) -> bool:
    return dialogue is not None and not dialogue.is_registered


@rules.predicate
def records_meeting_decision(user, dialogue) -> bool:
    """Records the deciding body's decision from its meeting's minutes: the committee secretary
    of a body that decides at the current point under the policy profile (dialog.policy)."""
    from . import policy

    return (
        dialogue is not None
        and dialogue.decision_point is not None
        and bool(policy.bodies_user_records_for(dialogue, user))
    )


@rules.predicate
def notes_information(user, dialogue) -> bool:
    """Notes the politicians' stance or the plan's presentation to the presidium [SOL]: the
    responsible official, where the profile asks for no formal decision."""
    from . import policy

    return dialogue is not None and policy.official_records(dialogue, user)


# A body decides at a meeting, by delegation or by its chair urgently; one politician's click
# decides nothing, and an ersättare is not a decider by holding the role (issue 12).
is_decider = (
    records_meeting_decision | may_decide_by_delegation | may_decide_urgently | notes_information
)


@rules.predicate
def at_processing_or_decision(user, dialogue) -> bool:
    from .models import State

    return dialogue is not None and dialogue.state in (State.PROCESSING, State.DECISION)


works_on_dialogue = is_responsible_official | is_assigned_official

# Everyone who works in the municipality's bodies may read the internal case; residents get the
# public pages (a later issue), never this one.
rules.add_perm("dialog.view_dialogue", has_any_membership | is_responsible_official)
rules.add_perm("dialog.add_dialogue", is_official | is_politician)
# Each step's content, where and by whom it can be edited: see dialog/steps/<step>.py.
for _editing in steps.editing_permissions():
    _who = works_on_dialogue | is_initiator if _editing.initiator_too else works_on_dialogue
    rules.add_perm(_editing.permission, in_step(_editing) & _who)
rules.add_perm("dialog.edit_responsibility", is_ongoing & (is_responsible_official | is_body_clerk))
rules.add_perm("dialog.submit_for_mandate", is_responsible_official | is_initiator)
rules.add_perm("dialog.run_dialogue", is_responsible_official)
rules.add_perm("dialog.decide", is_decider)
# The committee secretary puts a waiting decision point on the deciding body's meeting agenda.
rules.add_perm("dialog.put_on_agenda", records_meeting_decision)
# Cancelling is a decision (issue 12): of the body (its secretary records it from the minutes,
# or its delegate at a decision point), or of the responsible official's förvaltningschef.
rules.add_perm("dialog.cancel", is_body_clerk | is_officials_head | may_decide_by_delegation)
rules.add_perm("dialog.register_case", is_ongoing & is_unregistered & is_diarium_registrar)
rules.add_perm("dialog.link_documents", is_responsible_official & at_processing_or_decision)

# Why a permission was refused, for the page and the 403. %(body)s is the dialogue's body.
DENIED_REASONS = {
    "dialog.view_dialogue": _(
        "Only people with a role in one of the municipality's bodies can read dialogue cases."
    ),
    "dialog.add_dialogue": _("Only officials and politicians can propose a dialogue."),
    "dialog.edit_responsibility": _(
        "Only the responsible official or the clerk of %(body)s can "
        "change who is responsible, while the dialogue is ongoing."
    ),
    "dialog.submit_for_mandate": _(
        "Only the responsible official or the initiator can submit the "
        "dialogue for a mandate decision."
    ),
    "dialog.run_dialogue": _("Only the responsible official can move the dialogue on."),
    "dialog.decide": _(
        "%(body)s decides at its meetings: only its committee secretary can record its "
        "decisions from the minutes."
    ),
    "dialog.put_on_agenda": _(
        "Only the committee secretary of the deciding body can put a waiting decision point on "
        "its meeting's agenda."
    ),
    "dialog.cancel": _(
        "Cancelling the dialogue is a decision of %(body)s (its committee secretary records it "
        "from the minutes, or its delegate) or of the responsible official's head of "
        "administration; no single politician or official cancels it."
    ),
    "dialog.register_case": _(
        "Only a registrar of %(diarium)s's diarium can register the case, once, while the "
        "dialogue is ongoing."
    ),
    "dialog.link_documents": _(
        "Only the responsible official can link the steering documents the decision changes, "
        "while the dialogue is at processing or decision."
    ),
    # The steps' content: the reasons are declared with the step (dialog/steps/<step>.py).
    **{editing.permission: editing.refused for editing in steps.editing_permissions()},
}


def denied_reason(permission: str, dialogue=None) -> str:
    if permission == "dialog.decide" and dialogue is not None:
        from . import policy

        # Who decides differs between municipalities: name them as the profile says.
        return str(policy.who_decides(dialogue))
    text = str(DENIED_REASONS.get(permission, _("You are not allowed to do this.")))
    names = {
        "body": dialogue.body.name if dialogue is not None else "",
        # The body whose diarium registers the case (dialog.register_case).
        "diarium": dialogue.body.diarium_body.name if dialogue is not None else "",
    }
    return text % names if "%(" in text else text


# The tjänsteskrivelse of each decision point (dialog.services.case_memo): the responsible
# official writes it; the service also keeps it frozen once its point is submitted.
rules.add_perm("dialog.edit_case_memo", is_ongoing & is_responsible_official)
DENIED_REASONS["dialog.edit_case_memo"] = _(
    "Only the responsible official can write the decision memos, while the dialogue is ongoing."
)

# The municipality's goals the dialogue serves (issue 16): the officials working on it, while it
# is ongoing.
rules.add_perm("dialog.link_goals", is_ongoing & works_on_dialogue)
DENIED_REASONS["dialog.link_goals"] = _(
    "Only the officials working on the dialogue can link it to the municipality's goals, while "
    "it is ongoing."
)

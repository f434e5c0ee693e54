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
)


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
def in_initiative(user, dialogue) -> bool:
    from .models import State

    return dialogue is not None and dialogue.state == State.INITIATIVE


@rules.predicate
def in_planning(user, dialogue) -> bool:
    from .models import State

    return dialogue is not None and dialogue.state == State.PLANNING


@rules.predicate
def in_execution(user, dialogue) -> bool:
    from .models import State

    return dialogue is not None and dialogue.state == State.EXECUTION


@rules.predicate
def in_compilation(user, dialogue) -> bool:
    from .models import State

    return dialogue is not None and dialogue.state == State.COMPILATION


@rules.predicate
def in_feedback(user, dialogue) -> bool:
    from .models import State

    return dialogue is not None and dialogue.state == State.FEEDBACK


@rules.predicate
def in_processing(user, dialogue) -> bool:
    from .models import State

    return dialogue is not None and dialogue.state == State.PROCESSING


@rules.predicate
def decided_and_following_up(user, dialogue) -> bool:
    """At step 9 with the final decision recorded: the action plan, the feedback to residents
    and the evaluation follow the decision."""
    from .models import DecisionPoint, State

    return (
        dialogue is not None
        and dialogue.state == State.DECISION
        and dialogue.approved_decision(DecisionPoint.FINAL) is not None
    )


@rules.predicate
def is_ongoing(user, dialogue) -> bool:
    return dialogue is not None and dialogue.is_active


@rules.predicate
def is_unregistered(user, dialogue) -> bool:
    return dialogue is not None and not dialogue.is_registered


@rules.predicate
def is_decider(user, dialogue) -> bool:
    """Decides at the current decision point, as the dialogue's policy profile says: the body's
    politicians and clerk by default, the council's under Hagfors, and so on (dialog.policy)."""
    from . import policy

    return policy.may_decide(user, dialogue)


@rules.predicate
def at_processing_or_decision(user, dialogue) -> bool:
    from .models import State

    return dialogue is not None and dialogue.state in (State.PROCESSING, State.DECISION)


works_on_dialogue = is_responsible_official | is_assigned_official

# Everyone who works in the municipality's bodies may read the internal case; residents get the
# public pages (a later issue), never this one.
rules.add_perm("dialog.view_dialogue", has_any_membership | is_responsible_official)
rules.add_perm("dialog.add_dialogue", is_official | is_politician)
rules.add_perm("dialog.edit_initiative", in_initiative & (works_on_dialogue | is_initiator))
rules.add_perm("dialog.edit_planning", in_planning & works_on_dialogue)
rules.add_perm("dialog.edit_execution", in_execution & works_on_dialogue)
# Activities are planned, and during execution marked held or cancelled (or one added).
rules.add_perm("dialog.edit_activities", (in_planning | in_execution) & works_on_dialogue)
# The later steps' content (compilation, feedback, processing, the follow-up of the decision).
rules.add_perm("dialog.edit_compilation", in_compilation & works_on_dialogue)
rules.add_perm("dialog.edit_feedback", in_feedback & works_on_dialogue)
rules.add_perm("dialog.edit_processing", in_processing & works_on_dialogue)
rules.add_perm("dialog.edit_decision_followup", decided_and_following_up & works_on_dialogue)
rules.add_perm("dialog.edit_responsibility", is_ongoing & (is_responsible_official | is_body_clerk))
rules.add_perm("dialog.submit_for_mandate", is_responsible_official | is_initiator)
rules.add_perm("dialog.run_dialogue", is_responsible_official)
rules.add_perm("dialog.decide", is_decider)
rules.add_perm("dialog.cancel", is_responsible_official | is_body_politician)
rules.add_perm("dialog.register_case", is_ongoing & is_unregistered & is_body_clerk)
rules.add_perm("dialog.link_documents", is_responsible_official & at_processing_or_decision)

# Why a permission was refused, for the page and the 403. %(body)s is the dialogue's body.
DENIED_REASONS = {
    "dialog.view_dialogue": _(
        "Only people with a role in one of the municipality's bodies can read dialogue cases."
    ),
    "dialog.add_dialogue": _("Only officials and politicians can propose a dialogue."),
    "dialog.edit_initiative": _(
        "Only the responsible official, the officials working on the "
        "dialogue or its initiator can change the initiative, and only "
        "while it is at the initiative step."
    ),
    "dialog.edit_planning": _(
        "Only the responsible official or the officials working on the dialogue can change the "
        "plan, and only while the dialogue is at the planning step."
    ),
    "dialog.edit_execution": _(
        "Only the responsible official or the officials working on the dialogue can register "
        "input and update activities, and only while the dialogue is at the execution step."
    ),
    "dialog.edit_activities": _(
        "Only the responsible official or the officials working on the dialogue can change the "
        "activities, and only while the dialogue is at the planning or execution step."
    ),
    "dialog.edit_compilation": _(
        "Only the responsible official or the officials working on the dialogue can compile the "
        "results, and only while the dialogue is at the compilation step."
    ),
    "dialog.edit_feedback": _(
        "Only the responsible official or the officials working on the dialogue can record the "
        "presentation of the results and forward off-topic input, and only while the dialogue is "
        "at the feedback step."
    ),
    "dialog.edit_processing": _(
        "Only the responsible official or the officials working on the dialogue can write the "
        "proposal for decision, and only while the dialogue is at the processing step."
    ),
    "dialog.edit_decision_followup": _(
        "Only the responsible official or the officials working on the dialogue can write the "
        "action plan, the feedback to residents and the evaluation, and only at the decision "
        "step once the final decision has been recorded."
    ),
    "dialog.edit_responsibility": _(
        "Only the responsible official or the clerk of %(body)s can "
        "change who is responsible, while the dialogue is ongoing."
    ),
    "dialog.submit_for_mandate": _(
        "Only the responsible official or the initiator can submit the "
        "dialogue for a mandate decision."
    ),
    "dialog.run_dialogue": _("Only the responsible official can move the dialogue on."),
    "dialog.decide": _("Only a politician or the clerk of %(body)s can record its decisions."),
    "dialog.cancel": _(
        "Only the responsible official or a politician of %(body)s can cancel the dialogue."
    ),
    "dialog.register_case": _("Only the clerk of %(body)s can register the case, once."),
    "dialog.link_documents": _(
        "Only the responsible official can link the steering documents the decision changes, "
        "while the dialogue is at processing or decision."
    ),
}


def denied_reason(permission: str, dialogue=None) -> str:
    if permission == "dialog.decide" and dialogue is not None:
        from . import policy

        # Who decides differs between municipalities: name them as the profile says.
        return str(policy.who_decides(dialogue))
    text = DENIED_REASONS.get(permission, _("You are not allowed to do this."))
    body = dialogue.body.name if dialogue is not None else ""
    return str(text) % {"body": body} if "%(body)s" in str(text) else str(text)

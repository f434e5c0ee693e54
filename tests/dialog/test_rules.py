"""Who may do what with a dialogue, walked through every state and every role.

Each transition is tried from each of its source states by every role of the cast: the allowed
roles run it through the service, everyone else is refused with the permission's reason.
Each permission on its own, every state by every role, is walked in tests/dialog/rules/.
"""

from datetime import timedelta

import pytest
import rules
from django.utils import timezone

from dialog import services
from dialog.models import (
    ACTIVE_STATES,
    END_STATES,
    Assignment,
    Decision,
    Dialogue,
    State,
    TransitionLog,
)
from dialog.rules import denied_reason
from roles.models import Membership
from tests.factories import complete_step, make_dialogue, make_member, make_superuser, put_in_state

ROLES = [
    "official",
    "politician",
    "clerk",
    "other_official",
    "other_politician",
    "other_clerk",
    "outsider",
    "initiator",
    "superuser",
]

RESPONSIBLE = {"official"}
# The body decides at its meetings; its committee secretary records the decisions (issue 12).
DECIDERS = {"clerk"}
SUBMITTERS = {"official", "initiator"}
# Cancelling is the body's decision (its secretary, from the minutes) or the förvaltningschef's.
CANCELLERS = {"clerk"}

# (transition, source state, permission, target state, roles allowed)
TRANSITIONS = [
    ("submit_for_mandate", State.INITIATIVE, "dialog.submit_for_mandate", State.MANDATE_DECISION,
     SUBMITTERS),
    ("approve_mandate", State.MANDATE_DECISION, "dialog.decide", State.PLANNING, DECIDERS),
    ("submit_for_launch", State.PLANNING, "dialog.run_dialogue", State.LAUNCH_DECISION,
     RESPONSIBLE),
    ("approve_launch", State.LAUNCH_DECISION, "dialog.decide", State.EXECUTION, DECIDERS),
    ("start_compilation", State.EXECUTION, "dialog.run_dialogue", State.COMPILATION, RESPONSIBLE),
    ("present_results", State.COMPILATION, "dialog.run_dialogue", State.FEEDBACK, RESPONSIBLE),
    ("start_processing", State.FEEDBACK, "dialog.run_dialogue", State.PROCESSING, RESPONSIBLE),
    ("submit_for_decision", State.PROCESSING, "dialog.run_dialogue", State.DECISION, RESPONSIBLE),
    ("decide", State.DECISION, "dialog.decide", State.DECISION, DECIDERS),
    ("close", State.DECISION, "dialog.run_dialogue", State.CLOSED, RESPONSIBLE),
    ("reject", State.MANDATE_DECISION, "dialog.decide", State.REJECTED, DECIDERS),
    ("reject", State.LAUNCH_DECISION, "dialog.decide", State.REJECTED, DECIDERS),
    ("reject", State.DECISION, "dialog.decide", State.REJECTED, DECIDERS),
    ("return_mandate", State.MANDATE_DECISION, "dialog.decide", State.INITIATIVE, DECIDERS),
    ("return_launch", State.LAUNCH_DECISION, "dialog.decide", State.PLANNING, DECIDERS),
    ("return_proposal", State.DECISION, "dialog.decide", State.PROCESSING, DECIDERS),
]  # fmt: skip
TRANSITIONS += [
    ("cancel", state, "dialog.cancel", State.CANCELLED, CANCELLERS) for state in ACTIVE_STATES
]

# What the page offers from each state (every role sees the same list, with reasons).
ACTIONS_BY_STATE = {
    State.INITIATIVE: {"submit_for_mandate", "cancel"},
    State.MANDATE_DECISION: {"approve_mandate", "reject", "return_mandate", "cancel"},
    State.PLANNING: {"submit_for_launch", "cancel"},
    State.LAUNCH_DECISION: {"approve_launch", "reject", "return_launch", "cancel"},
    State.EXECUTION: {"start_compilation", "cancel"},
    State.COMPILATION: {"present_results", "cancel"},
    State.FEEDBACK: {"start_processing", "cancel"},
    State.PROCESSING: {"submit_for_decision", "cancel"},
    State.DECISION: {"decide", "close", "reject", "return_proposal", "cancel"},
    State.CLOSED: set(),
    State.REJECTED: set(),
    State.CANCELLED: set(),
}


@pytest.fixture
def people(cast):
    everyone = cast.everyone()
    # The initiator is a politician of another body: only being the initiator gives them rights.
    everyone["initiator"] = make_member(cast.other_body, Membership.Role.MEMBER, first_name="Ines")
    everyone["superuser"] = make_superuser()
    return everyone


@pytest.fixture
def case(cast, people):
    """A complete dialogue whose initiator is not its responsible official."""
    dialogue = make_dialogue(cast)
    Dialogue.objects.filter(pk=dialogue.pk).update(initiated_by=people["initiator"])
    return Dialogue.objects.get(pk=dialogue.pk)


def _prepared(case, source, name):
    # Conditions are met for everyone: registered for the decision points, the final decision
    # recorded before closing. Only permission decides who may.
    registered = source != State.INITIATIVE
    dialogue = put_in_state(
        case, source, registered=registered, final_decision=(name == "close"), by=case.initiated_by
    )
    return complete_step(dialogue, source)


def _transition_ids():
    return [f"{name}-from-{source}" for name, source, *_ in TRANSITIONS]


def _run(dialogue, name, user, source):
    """Through the service; a decision as the body's meeting's, from the minutes (§ 12)."""
    from tests.factories import make_meeting

    if permission_of(name) == "dialog.decide":
        return services.decide_at_meeting(
            dialogue_id=dialogue.pk,
            name=name,
            user=user,
            expected_state=source,
            meeting=make_meeting(dialogue.body),
            paragraph="12",
            text="Motivering till beslutet.",
        )
    return services.run_transition(
        dialogue_id=dialogue.pk,
        name=name,
        user=user,
        expected_state=source,
        comment="Motivering till beslutet.",
    )


def permission_of(name):
    return next(permission for n, _s, permission, *_ in TRANSITIONS if n == name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "source", "permission", "target", "allowed"), TRANSITIONS, ids=_transition_ids()
)
def test_transition_allowed_exactly_for_its_roles(
    case, people, role, name, source, permission, target, allowed
):
    dialogue = _prepared(case, source, name)
    user = people[role]
    action = services.action_for(dialogue=dialogue, user=user, name=name)
    assert action is not None, f"{name} is not offered from {source}"

    if role in allowed:
        assert action.available, action.reasons
        assert action.reasons == []
        assert rules.has_perm(permission, user, dialogue)
        _run(dialogue, name, user, source)
        assert Dialogue.objects.get(pk=dialogue.pk).state == target
        log = TransitionLog.objects.get(dialogue=dialogue, transition=name)
        assert (log.source, log.target, log.by) == (source, target, user)
    else:
        reason = denied_reason(permission, dialogue)
        assert reason
        assert not action.available
        assert action.reasons == [reason]
        assert not rules.has_perm(permission, user, dialogue)
        with pytest.raises(services.PermissionRefused) as refused:
            _run(dialogue, name, user, source)
        assert refused.value.reasons == [reason]
        assert Dialogue.objects.get(pk=dialogue.pk).state == source
        assert not TransitionLog.objects.filter(dialogue=dialogue).exists()


@pytest.mark.parametrize("state", list(State))
def test_available_actions_offer_every_transition_of_the_state_and_no_other(case, people, state):
    dialogue = put_in_state(case, state)
    for user in people.values():
        names = {a.name for a in services.available_actions(dialogue=dialogue, user=user)}
        assert names == ACTIONS_BY_STATE[state]


def test_the_table_covers_every_transition_of_the_model():
    declared = {
        (t.name, t.source) for t in Dialogue._meta.get_field("state").get_all_transitions(Dialogue)
    }
    assert declared == {(name, source) for name, source, *_ in TRANSITIONS}


@pytest.mark.parametrize("name", ["approve_mandate", "reject", "cancel"])
def test_superuser_passes_django_but_never_a_transition(case, people, name):
    # Django's ModelBackend lets an active superuser through every `user.has_perm`; the
    # transitions ask `rules` only, so an administrator cannot decide for the politicians.
    dialogue = put_in_state(case, State.MANDATE_DECISION)
    admin = people["superuser"]
    assert admin.has_perm("dialog.decide", dialogue)
    transition = next(
        t
        for t in Dialogue._meta.get_field("state").get_all_transitions(Dialogue)
        if t.name == name and t.source == State.MANDATE_DECISION
    )
    assert not transition.has_perm(dialogue, admin)
    with pytest.raises(services.PermissionRefused):
        services.run_transition(
            dialogue_id=dialogue.pk, name=name, user=admin, comment="Av administratören."
        )


def test_denied_reason_names_the_dialogues_body(case):
    assert case.body.name in denied_reason("dialog.decide", case)
    assert case.body.name in denied_reason("dialog.register_case", case)
    assert denied_reason("dialog.no_such_permission", case)


# -- Permissions that are not transitions ----------------------------------------------------


def test_responsible_official_sees_the_case_even_without_a_membership(cast, case):
    Membership.objects.filter(person=cast.official).delete()
    official = type(cast.official).objects.get(pk=cast.official.pk)
    assert rules.has_perm("dialog.view_dialogue", official, case)
    someone_elses = make_dialogue(cast)
    Dialogue.objects.filter(pk=someone_elses.pk).update(responsible_official=cast.other_official)
    someone_elses = Dialogue.objects.get(pk=someone_elses.pk)
    assert not rules.has_perm("dialog.view_dialogue", official, someone_elses)


def _refused_initiative_edit(dialogue, user, original_title):
    with pytest.raises(services.PermissionRefused) as refused:
        services.update_initiative(dialogue_id=dialogue.pk, user=user, data={"title": "Nytt namn"})
    assert refused.value.reasons == [denied_reason("dialog.edit_initiative", dialogue)]
    assert Dialogue.objects.get(pk=dialogue.pk).title == original_title


# Who may edit in which state is walked in rules/test_edit_initiative.py; these check that the
# service refuses with the permission's reason and changes nothing.
@pytest.mark.parametrize("state", [s for s in State if s != State.INITIATIVE])
def test_the_initiative_is_not_edited_after_its_step(case, people, state):
    _refused_initiative_edit(put_in_state(case, state), people["official"], case.title)


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"official", "initiator"}))
def test_the_initiative_is_edited_only_by_those_working_on_it(case, people, role):
    _refused_initiative_edit(case, people[role], case.title)


@pytest.mark.parametrize("role", [Assignment.Role.EXPERT, Assignment.Role.COMMUNICATOR])
def test_assigned_officials_edit_the_initiative_but_do_not_run_the_dialogue(cast, case, role):
    Assignment.objects.create(dialogue=case, person=cast.other_official, role=role)
    assert rules.has_perm("dialog.edit_initiative", cast.other_official, case)
    assert not rules.has_perm("dialog.submit_for_mandate", cast.other_official, case)
    assert not rules.has_perm("dialog.run_dialogue", cast.other_official, case)


def test_an_assigned_politician_does_not_edit_the_initiative(cast, case):
    Assignment.objects.create(
        dialogue=case, person=cast.other_politician, role=Assignment.Role.POLITICIAN
    )
    assert not rules.has_perm("dialog.edit_initiative", cast.other_politician, case)


@pytest.mark.parametrize("state", END_STATES)
def test_nothing_can_be_done_at_an_end(case, people, state):
    dialogue = put_in_state(case, state)
    for user in people.values():
        assert services.available_actions(dialogue=dialogue, user=user) == []
        assert not rules.has_perm("dialog.edit_initiative", user, dialogue)
        assert not rules.has_perm("dialog.edit_responsibility", user, dialogue)


# -- Memberships that ended or have not begun give no rights ---------------------------------


@pytest.mark.parametrize(
    ("valid_from", "valid_to"),
    [(-400, -1), (1, None)],
    ids=["ended-yesterday", "starts-tomorrow"],
)
@pytest.mark.parametrize(
    "role", [Membership.Role.CHAIR, Membership.Role.SECRETARY, Membership.Role.OFFICIAL]
)
def test_a_membership_out_of_its_dates_gives_no_rights(cast, case, role, valid_from, valid_to):
    today = timezone.localdate()
    person = make_member(cast.body, role)
    Membership.objects.filter(person=person).update(
        valid_from=today + timedelta(days=valid_from),
        valid_to=today + timedelta(days=valid_to) if valid_to is not None else None,
    )
    person = type(person).objects.get(pk=person.pk)
    at_decision = put_in_state(case, State.MANDATE_DECISION, registered=False)

    for permission in ("dialog.view_dialogue", "dialog.decide", "dialog.cancel"):
        assert not rules.has_perm(permission, person, at_decision)
    assert not rules.has_perm("dialog.add_dialogue", person)
    assert not rules.has_perm("dialog.register_case", person, at_decision)
    assert not rules.has_perm("dialog.edit_responsibility", person, at_decision)
    approve = services.action_for(dialogue=at_decision, user=person, name="approve_mandate")
    assert denied_reason("dialog.decide", at_decision) in approve.reasons
    with pytest.raises(services.PermissionRefused):
        services.register_case(dialogue_id=at_decision.pk, user=person)
    assert not Decision.objects.exists()


def test_a_membership_ending_today_still_counts(cast, case):
    # The body's committee secretary records its decisions (issue 12), on the last day too.
    person = make_member(cast.body, Membership.Role.SECRETARY)
    Membership.objects.filter(person=person).update(valid_to=timezone.localdate())
    person = type(person).objects.get(pk=person.pk)
    assert rules.has_perm("dialog.decide", person, put_in_state(case, State.MANDATE_DECISION))

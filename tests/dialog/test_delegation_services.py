"""Delegation and urgent decisions through the services (issue 12): who may take them (the matrix
of decision forms × roles), what is recorded (the point quoted, the reason why it could not
wait), the report to the body (anmälan), the chair's absence, brukardialog, and that a refusal
leaves nothing saved.

The dialogue is put at its decision point directly (tests.factories.put_in_state): what is under
test is the decision the service writes, not how the case reached the point."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import Conflict, PermissionRefused
from dialog import delegation_selectors
from dialog.models import Decision, Dialogue, DialogueKind, State, TransitionLog
from dialog.services import delegated
from governance.models import DelegationPoint
from roles.models import Body, ChairAbsence, Meeting, Membership
from tests.delegation_support import DelegationCast, absent, make_order
from tests.factories import make_body, make_dialogue, make_profile, put_in_state, use_profile
from tests.helpers import fresh

Delegate = DelegationPoint.Delegate
TEXT = "Uppdraget ges enligt förslaget."
WHY = "Dialogen måste starta före sommarlovet; nämnden sammanträder först i augusti."


@pytest.fixture
def team(cast):
    team = DelegationCast(cast)
    make_order(
        cast.body,
        ("mandate", Delegate.SUBCOMMITTEE, team.utskott, "", "3.2"),
        (
            "launch",
            Delegate.ROLE,
            team.administration,
            Membership.Role.HEAD_OF_ADMINISTRATION,
            "3.3",
        ),
    )
    return team


def at(cast, state=State.MANDATE_DECISION, **extra):
    return put_in_state(make_dialogue(cast, **extra), state)


def nothing_saved(dialogue, state=State.MANDATE_DECISION):
    assert fresh(dialogue).state == state
    assert not Decision.objects.filter(dialogue=dialogue).exists()
    assert not TransitionLog.objects.filter(dialogue=dialogue).exists()


# -- The matrix: decision form × role ----------------------------------------------------------

PEOPLE = [
    "deputy",
    "member",
    "chair",
    "vice_chair",
    "utskott_member",
    "secretary",
    "official",
    "head",
]


@pytest.mark.parametrize("role", PEOPLE)
def test_delegation_decision_only_by_the_named_delegate(cast, team, role):
    dialogue = at(cast)
    user = getattr(team, role)
    if role != "utskott_member":
        with pytest.raises(PermissionRefused) as refused:
            delegated.decide_by_delegation(
                dialogue_id=dialogue.pk, name="approve_mandate", user=user, text=TEXT
            )
        assert "3.2" in str(refused.value)  # the reason names the point and its delegate
        nothing_saved(dialogue)
        return
    delegated.decide_by_delegation(
        dialogue_id=dialogue.pk, name="approve_mandate", user=user, text=TEXT
    )
    decision = Decision.objects.get(dialogue=dialogue)
    assert (decision.kind, decision.body, decision.outcome) == (
        Decision.Kind.DELEGATION,
        cast.body,
        Decision.Outcome.APPROVED,
    )
    assert "punkt 3.2" in decision.delegation_quote
    assert decision.decided_on == timezone.localdate() and not decision.paragraph
    assert fresh(dialogue).state == State.PLANNING
    assert TransitionLog.objects.get(dialogue=dialogue).decision == decision


@pytest.mark.parametrize("role", [*PEOPLE, "vice_chair_acting"])
def test_urgent_decision_only_by_the_chair_or_the_acting_vice_chair(cast, team, role):
    dialogue = at(cast)
    if role == "vice_chair_acting":
        absent(cast.body, team.secretary, starts_on=timezone.localdate())
    user = team.vice_chair if role == "vice_chair_acting" else getattr(team, role)
    if role not in ("chair", "vice_chair_acting"):
        with pytest.raises(PermissionRefused):
            delegated.decide_urgently(
                dialogue_id=dialogue.pk,
                name="approve_mandate",
                user=user,
                text=TEXT,
                urgency_reason=WHY,
            )
        nothing_saved(dialogue)
        return
    delegated.decide_urgently(
        dialogue_id=dialogue.pk, name="approve_mandate", user=user, text=TEXT, urgency_reason=WHY
    )
    decision = Decision.objects.get(dialogue=dialogue)
    assert (decision.kind, decision.urgency_reason) == (Decision.Kind.URGENT, WHY)
    assert fresh(dialogue).state == State.PLANNING


def test_the_vice_chair_is_told_the_chair_is_not_absent(cast, team):
    dialogue = at(cast)
    with pytest.raises(PermissionRefused) as refused:
        delegated.decide_urgently(
            dialogue_id=dialogue.pk,
            name="approve_mandate",
            user=team.vice_chair,
            text=TEXT,
            urgency_reason=WHY,
        )
    assert "absent" in str(refused.value) or "frånvarande" in str(refused.value)
    # An absence that ended yesterday does not count.
    yesterday = timezone.localdate() - timedelta(days=1)
    absent(cast.body, team.secretary, starts_on=yesterday - timedelta(days=5), ends_on=yesterday)
    with pytest.raises(PermissionRefused):
        delegated.decide_urgently(
            dialogue_id=dialogue.pk,
            name="approve_mandate",
            user=team.vice_chair,
            text=TEXT,
            urgency_reason=WHY,
        )
    nothing_saved(dialogue)


def test_an_urgent_decision_needs_its_reason_and_saves_nothing_without(cast, team):
    dialogue = at(cast)
    with pytest.raises(ValidationError) as refused:
        delegated.decide_urgently(
            dialogue_id=dialogue.pk,
            name="approve_mandate",
            user=team.chair,
            text=TEXT,
            urgency_reason="  ",
        )
    assert "urgency_reason" in refused.value.message_dict
    nothing_saved(dialogue)


def test_no_urgent_decision_where_the_body_gave_its_chair_no_such_right(cast, team):
    order = cast.body.delegation_order
    order.chair_decides_urgent_matters = False
    order.save()
    dialogue = at(cast)
    with pytest.raises(PermissionRefused) as refused:
        delegated.decide_urgently(
            dialogue_id=dialogue.pk,
            name="approve_mandate",
            user=team.chair,
            text=TEXT,
            urgency_reason=WHY,
        )
    assert "39 §" in str(refused.value)
    nothing_saved(dialogue)


def test_the_head_decides_the_launch_by_delegation_and_returns_are_decisions_too(cast, team):
    dialogue = at(cast, State.LAUNCH_DECISION)
    delegated.decide_by_delegation(
        dialogue_id=dialogue.pk, name="return_launch", user=team.head, text="Planen kompletteras."
    )
    decision = Decision.objects.get(dialogue=dialogue)
    assert (
        decision.outcome == Decision.Outcome.RETURNED and "punkt 3.3" in decision.delegation_quote
    )
    assert fresh(dialogue).state == State.PLANNING


def test_the_final_decision_is_never_delegated(cast, team):
    dialogue = at(cast, State.DECISION)
    with pytest.raises(PermissionRefused) as refused:
        delegated.decide_by_delegation(
            dialogue_id=dialogue.pk, name="decide", user=team.utskott_member, text=TEXT
        )
    assert "38 §" in str(refused.value)
    nothing_saved(dialogue, State.DECISION)


def test_under_hagfors_the_council_decides_and_nothing_is_delegated(cast, team):
    from governance import services as governance_services

    council = make_body("KF", "Kommunfullmäktige", Body.Kind.COUNCIL)
    Membership.objects.create(
        person=team.chair, body=council, role=Membership.Role.CHAIR, valid_from=date(2020, 1, 1)
    )
    hagfors = governance_services.load_preset(key="hagfors").profile
    dialogue = use_profile(at(cast), hagfors)
    with pytest.raises(PermissionRefused) as refused:
        delegated.decide_by_delegation(
            dialogue_id=dialogue.pk, name="approve_mandate", user=team.utskott_member, text=TEXT
        )
    assert "Hagfors" in str(refused.value)
    from roles.selectors import forget_body_roles

    forget_body_roles(team.chair)
    with pytest.raises(PermissionRefused) as refused:
        delegated.decide_urgently(
            dialogue_id=dialogue.pk,
            name="approve_mandate",
            user=team.chair,
            text=TEXT,
            urgency_reason=WHY,
        )
    assert "39 §" in str(refused.value)
    nothing_saved(dialogue)


def test_a_profile_that_keeps_officials_out_refuses_the_heads_delegation(cast, team):
    dialogue = use_profile(
        at(cast, State.LAUNCH_DECISION), make_profile(delegation_to_officials=False)
    )
    with pytest.raises(PermissionRefused) as refused:
        delegated.decide_by_delegation(
            dialogue_id=dialogue.pk, name="approve_launch", user=team.head, text=TEXT
        )
    assert "3.3" in str(refused.value)
    nothing_saved(dialogue, State.LAUNCH_DECISION)


# -- The report (anmälan) to the body ----------------------------------------------------------


def delegation_decided(cast, team, name="approve_mandate"):
    dialogue = at(cast)
    delegated.decide_by_delegation(
        dialogue_id=dialogue.pk, name=name, user=team.utskott_member, text=TEXT
    )
    return Decision.objects.get(dialogue=dialogue)


def test_delegated_decisions_wait_for_report_until_the_secretary_records_it(cast, team):
    decision = delegation_decided(cast, team)
    assert list(delegation_selectors.unreported_decisions(team.secretary)) == [decision]
    assert not delegation_selectors.unreported_decisions(team.chair).exists()
    later = Meeting.objects.create(body=cast.body, held_on=decision.decided_on)
    delegated.record_report(
        decision_id=decision.pk, user=team.secretary, meeting=later.pk, paragraph="§ 41"
    )
    decision = fresh(decision)
    assert (decision.reported_meeting, decision.reported_paragraph) == (later, "41")
    assert not delegation_selectors.unreported_decisions(team.secretary).exists()
    with pytest.raises(Conflict):
        delegated.record_report(
            decision_id=decision.pk, user=team.secretary, meeting=later.pk, paragraph="42"
        )


def test_a_report_is_refused_field_by_field_and_saves_nothing(cast, team):
    decision = delegation_decided(cast, team)
    earlier = Meeting.objects.create(
        body=cast.body, held_on=decision.decided_on - timedelta(days=7)
    )
    elsewhere = Meeting.objects.create(body=cast.other_body, held_on=decision.decided_on)
    for meeting, paragraph, field in (
        (earlier.pk, "4", "meeting"),
        (elsewhere.pk, "4", "meeting"),
        (None, "4", "meeting"),
        (
            Meeting.objects.create(
                body=cast.body, held_on=timezone.localdate() + timedelta(days=3)
            ).pk,
            "4",
            "meeting",
        ),
        (Meeting.objects.create(body=cast.body, held_on=decision.decided_on).pk, "", "paragraph"),
    ):
        with pytest.raises(ValidationError) as refused:
            delegated.record_report(
                decision_id=decision.pk, user=team.secretary, meeting=meeting, paragraph=paragraph
            )
        assert field in refused.value.message_dict
        assert fresh(decision).reported_meeting is None
    with pytest.raises(PermissionRefused):
        delegated.record_report(
            decision_id=decision.pk, user=team.chair, meeting=earlier.pk, paragraph="4"
        )


# -- The chair's absence -------------------------------------------------------------------------


def test_only_the_secretary_marks_the_chair_absent(cast, team):
    today = timezone.localdate()
    with pytest.raises(PermissionRefused):
        delegated.note_chair_absence(body=cast.body, user=team.vice_chair, starts_on=today)
    with pytest.raises(ValidationError) as refused:
        delegated.note_chair_absence(
            body=cast.body, user=team.secretary, starts_on=today, ends_on=today - timedelta(days=1)
        )
    assert "ends_on" in refused.value.message_dict
    assert not ChairAbsence.objects.exists()
    delegated.note_chair_absence(body=cast.body, user=team.secretary, starts_on=today)
    assert ChairAbsence.chair_absent(cast.body)


# -- Brukardialog ----------------------------------------------------------------------------------


def test_a_user_dialogue_may_be_owned_by_an_administration_a_citizen_dialogue_not(cast, team):
    dialogue = make_dialogue(cast, kind=DialogueKind.USER)
    dialogue.body = team.administration
    dialogue.full_clean()
    dialogue.kind = DialogueKind.CITIZEN
    with pytest.raises(ValidationError) as refused:
        dialogue.full_clean()
    assert "body" in refused.value.message_dict
    # Unless the profile says a political body decides user dialogues too.
    dialogue.kind = DialogueKind.USER
    dialogue.policy_profile = make_profile(user_dialogue_decided_by="political_body")
    with pytest.raises(ValidationError):
        dialogue.full_clean()


def test_the_head_of_administration_decides_a_user_dialogue_within_it(cast, team):
    dialogue = at(cast, kind=DialogueKind.USER)
    Dialogue.objects.filter(pk=dialogue.pk).update(body=team.administration)
    for refused_user in (team.chair, team.official, team.secretary):
        with pytest.raises(PermissionRefused):
            delegated.decide_by_delegation(
                dialogue_id=dialogue.pk, name="approve_mandate", user=refused_user, text=TEXT
            )
    delegated.decide_by_delegation(
        dialogue_id=dialogue.pk, name="approve_mandate", user=team.head, text=TEXT
    )
    decision = Decision.objects.get(dialogue=dialogue)
    assert decision.body == team.administration and decision.kind == Decision.Kind.DELEGATION
    assert team.administration.name in decision.delegation_quote
    # Decided within the administration: nothing to report to a political body.
    assert not delegation_selectors.unreported_decisions(team.secretary).exists()


# -- Cancelling is a decision, never one politician's click -------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("secretary", True),  # records the body's decision from the minutes
        ("head", True),  # the responsible official's förvaltningschef
        ("utskott_member", True),  # the delegate of the point the dialogue waits at
        ("chair", False),
        ("member", False),
        ("deputy", False),
        ("official", False),
    ],
)
def test_who_cancels(cast, team, role, allowed):
    from dialog.services import run_transition

    dialogue = at(cast)
    reason = "Kommunstyrelsen beslutade 2026-03-02 § 14 att avbryta dialogen."
    if not allowed:
        with pytest.raises(PermissionRefused):
            run_transition(
                dialogue_id=dialogue.pk, name="cancel", user=getattr(team, role), comment=reason
            )
        nothing_saved(dialogue)
        return
    run_transition(dialogue_id=dialogue.pk, name="cancel", user=getattr(team, role), comment=reason)
    assert (fresh(dialogue).state, fresh(dialogue).cancel_reason) == (State.CANCELLED, reason)


def test_a_user_dialogue_owned_by_an_administration_is_not_decided_at_a_political_meeting(
    cast, team
):
    """Even where the council decides citizen dialogues' mandates (Hagfors), a user dialogue owned
    by an administration is decided within it: no political body's secretary records it."""
    import rules

    from dialog.rules import denied_reason
    from governance import services as governance_services

    council = make_body("KF", "Kommunfullmäktige", Body.Kind.COUNCIL)
    Membership.objects.create(
        person=team.secretary,
        body=council,
        role=Membership.Role.SECRETARY,
        valid_from=date(2020, 1, 1),
    )
    hagfors = governance_services.load_preset(key="hagfors").profile
    dialogue = use_profile(at(cast, kind=DialogueKind.USER), hagfors)
    Dialogue.objects.filter(pk=dialogue.pk).update(body=team.administration)
    dialogue = fresh(dialogue)
    from roles.selectors import forget_body_roles

    forget_body_roles(team.secretary)
    assert not rules.has_perm("dialog.decide", team.secretary, dialogue)
    assert rules.has_perm("dialog.decide", team.head, fresh(dialogue))
    assert team.administration.name in denied_reason("dialog.decide", fresh(dialogue))

"""The services that change a dialogue: transitions with their refusals, registration, edits."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from dialog import services
from dialog.models import (
    Assignment,
    Decision,
    DecisionPoint,
    Dialogue,
    Mandate,
    State,
    TransitionLog,
)
from dialog.rules import denied_reason
from dialog.services import case as case_services
from tests.dialog.registrars import registrar_of, secretary_of
from tests.factories import (
    INITIATIVE,
    MANDATE,
    Cast,
    complete_step,
    complete_step_with_services,
    make_dialogue,
    make_meeting,
    put_in_state,
    record_decision,
    write_case_memos,
)
from tests.helpers import COMMENT, fresh, run


def nothing_recorded(dialogue):
    return not (
        TransitionLog.objects.filter(dialogue=dialogue).exists()
        or Decision.objects.filter(dialogue=dialogue).exists()
    )


# -- Conditions: what is missing ---------------------------------------------------------------

INITIATIVE_LABELS = [
    "the question",
    "the background",
    "why a dialogue is needed",
    "which future decision it feeds",
    "a proposed participation level",
]
MANDATE_LABELS = [
    "the purpose",
    "the description",
    "the influence on future decisions",
    "the key target groups",
    "the time plan",
    "budget and resources",
    "how off-topic input is handled",
    "the feedback plan",
]


def test_submit_for_mandate_lists_every_missing_initiative_and_mandate_item(cast):
    dialogue = make_dialogue(cast, complete=False)
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(dialogue, "submit_for_mandate", cast.official)
    expected = [_(label) for label in INITIATIVE_LABELS + MANDATE_LABELS]
    expected.append(_("at least one responsible politician"))
    # The tjänsteskrivelse submitted with it (issue 12).
    expected.append(
        _("the decision memo (tjänsteskrivelse) for the %(point)s has not been written")
        % {"point": DecisionPoint.MANDATE.label.lower()}
    )
    assert refused.value.reasons == expected
    assert fresh(dialogue).state == State.INITIATIVE
    assert nothing_recorded(dialogue)
    action = services.action_for(dialogue=dialogue, user=cast.official, name="submit_for_mandate")
    assert not action.available
    assert action.reasons == expected


def test_submit_for_mandate_without_a_drafted_mandate(cast):
    dialogue = make_dialogue(cast)
    Mandate.objects.filter(dialogue=dialogue).delete()
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(dialogue, "submit_for_mandate", cast.official)
    assert refused.value.reasons == [_("the mandate has not been drafted")]


def test_submit_for_mandate_needs_a_responsible_politician(cast, dialogue):
    Assignment.objects.filter(dialogue=dialogue).delete()
    Assignment.objects.create(dialogue=dialogue, person=cast.other_official, role="expert")
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(dialogue, "submit_for_mandate", cast.official)
    assert refused.value.reasons == [_("at least one responsible politician")]
    assert fresh(dialogue).state == State.INITIATIVE


def test_submit_for_mandate_with_a_blank_mandate_field(cast, dialogue):
    Mandate.objects.filter(dialogue=dialogue).update(feedback_plan="   ")
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(dialogue, "submit_for_mandate", cast.official)
    assert refused.value.reasons == [_("the feedback plan")]


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("approve_mandate", State.MANDATE_DECISION),
        ("reject", State.MANDATE_DECISION),
        ("return_mandate", State.MANDATE_DECISION),
        ("approve_launch", State.LAUNCH_DECISION),
        ("return_launch", State.LAUNCH_DECISION),
        ("decide", State.DECISION),
        ("return_proposal", State.DECISION),
    ],
)
def test_a_decision_point_needs_a_registered_case(cast, dialogue, name, state):
    dialogue = put_in_state(dialogue, state, registered=False)
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(dialogue, name, cast.politician)
    assert refused.value.reasons == [_("a case number (the case is not registered)")]
    assert fresh(dialogue).state == state
    assert nothing_recorded(dialogue)


def test_close_needs_the_final_decision(cast, dialogue):
    dialogue = complete_step(put_in_state(dialogue, State.DECISION))
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(dialogue, "close", cast.official)
    assert refused.value.reasons == [_("a recorded final decision")]
    # A rejected or returned decision is not the final decision either.
    record_decision(dialogue, DecisionPoint.FINAL, by=cast.politician, outcome="returned")
    with pytest.raises(services.ConditionsUnmet):
        run(dialogue, "close", cast.official)
    assert fresh(dialogue).state == State.DECISION


@pytest.mark.parametrize("second", ["decide", "reject", "return_proposal"])
def test_the_final_decision_is_taken_once(cast, dialogue, second):
    dialogue = put_in_state(dialogue, State.DECISION)
    run(dialogue, "decide", cast.politician)
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(dialogue, second, cast.clerk, paragraph="3")
    assert refused.value.reasons == [_("the final decision has already been recorded")]
    assert Decision.objects.filter(dialogue=dialogue).count() == 1
    assert fresh(dialogue).state == State.DECISION


# -- Comments, decision texts, dates and paragraphs ------------------------------------------


@pytest.mark.parametrize(
    ("name", "state", "user"),
    [
        ("reject", State.MANDATE_DECISION, "politician"),
        ("reject", State.LAUNCH_DECISION, "politician"),
        ("reject", State.DECISION, "politician"),
        ("return_mandate", State.MANDATE_DECISION, "politician"),
        ("return_launch", State.LAUNCH_DECISION, "politician"),
        ("return_proposal", State.DECISION, "politician"),
        ("cancel", State.PLANNING, "clerk"),
    ],
)
@pytest.mark.parametrize("comment", ["", "   "])
def test_a_reason_is_required(cast, dialogue, name, state, user, comment):
    dialogue = put_in_state(dialogue, state)
    action = services.action_for(dialogue=dialogue, user=getattr(cast, user), name=name)
    assert action.comment_required
    with pytest.raises(ValidationError) as refused:
        run(dialogue, name, getattr(cast, user), comment=comment)
    assert "comment" in refused.value.message_dict
    assert fresh(dialogue).state == state
    assert nothing_recorded(dialogue)


def test_a_decision_needs_its_text(cast, dialogue):
    dialogue = put_in_state(dialogue, State.MANDATE_DECISION)
    with pytest.raises(ValidationError) as refused:
        run(dialogue, "approve_mandate", cast.politician, comment="")
    assert "text" in refused.value.message_dict
    assert fresh(dialogue).state == State.MANDATE_DECISION
    assert nothing_recorded(dialogue)


def test_the_clerk_records_from_the_minutes_with_the_paragraph(cast, dialogue):
    dialogue = put_in_state(dialogue, State.MANDATE_DECISION)
    with pytest.raises(ValidationError) as refused:
        run(dialogue, "approve_mandate", cast.clerk, paragraph="  ")
    assert list(refused.value.message_dict) == ["paragraph"]
    assert nothing_recorded(dialogue)

    run(dialogue, "approve_mandate", cast.clerk, paragraph="§ 113", decided_on=date(2026, 1, 12))
    decision = Decision.objects.get(dialogue=dialogue)
    assert decision.kind == Decision.Kind.MEETING
    assert (decision.meeting.body, decision.meeting.held_on) == (cast.body, date(2026, 1, 12))
    assert (decision.point, decision.outcome) == (DecisionPoint.MANDATE, "approved")
    assert decision.paragraph == "113"
    assert decision.paragraph_display == "§ 113"
    assert decision.decided_on == date(2026, 1, 12)
    assert (decision.recorded_by, decision.body, decision.text) == (cast.clerk, cast.body, COMMENT)
    assert decision.log_entry.transition == "approve_mandate"


def test_one_politician_decides_nothing_the_secretary_records_the_meeting(cast, dialogue):
    dialogue = put_in_state(dialogue, State.LAUNCH_DECISION)
    meeting = make_meeting(cast.body)
    with pytest.raises(services.PermissionRefused):
        services.decide_at_meeting(
            dialogue_id=dialogue.pk,
            name="approve_launch",
            user=cast.politician,
            meeting=meeting,
            paragraph="4",
            text=COMMENT,
        )
    with pytest.raises(services.ConditionsUnmet):
        # No decision form given: nothing to record.
        services.run_transition(dialogue_id=dialogue.pk, name="approve_launch", user=cast.clerk)
    assert nothing_recorded(dialogue)
    # The test helper stands the chair for the body: its secretary records today's meeting.
    run(dialogue, "approve_launch", cast.politician)
    decision = Decision.objects.get(dialogue=dialogue)
    assert (decision.kind, decision.recorded_by) == (Decision.Kind.MEETING, cast.clerk)
    assert decision.point == DecisionPoint.LAUNCH
    assert decision.decided_on == timezone.localdate() == decision.meeting.held_on
    assert decision.paragraph == "1"


def test_a_decision_cannot_be_dated_in_the_future(cast, dialogue):
    dialogue = put_in_state(dialogue, State.MANDATE_DECISION)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        run(dialogue, "approve_mandate", cast.politician, decided_on=tomorrow)
    assert "decided_on" in refused.value.message_dict
    assert fresh(dialogue).state == State.MANDATE_DECISION
    assert nothing_recorded(dialogue)


# -- Conflicts and impossible actions --------------------------------------------------------


def test_a_stale_expected_state_is_a_conflict_and_changes_nothing(cast, dialogue):
    dialogue = put_in_state(dialogue, State.PLANNING)
    before = fresh(dialogue)
    with pytest.raises(services.Conflict) as refused:
        run(dialogue, "approve_mandate", cast.politician, expected_state=State.MANDATE_DECISION)
    assert refused.value.reasons
    after = fresh(dialogue)
    assert (after.state, after.updated_at) == (State.PLANNING, before.updated_at)
    assert nothing_recorded(dialogue)


@pytest.mark.parametrize("name", ["no_such_action", "close", "approve_launch", "save", "delete"])
def test_an_action_not_possible_from_here_is_refused(cast, dialogue, name):
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(dialogue, name, cast.official)
    assert refused.value.reasons
    assert fresh(dialogue).state == State.INITIATIVE
    assert Dialogue.objects.filter(pk=dialogue.pk).exists()
    assert nothing_recorded(dialogue)


# -- The whole way through -------------------------------------------------------------------


def test_the_nine_steps_to_closed_through_the_services(cast):
    data = dict(INITIATIVE, body=cast.body, responsible_official=cast.official)
    dialogue = services.create_dialogue(user=cast.official, data=data)
    assert (dialogue.state, dialogue.initiated_by, dialogue.step_number) == (
        State.INITIATIVE,
        cast.official,
        1,
    )
    services.update_mandate(dialogue_id=dialogue.pk, user=cast.official, data=MANDATE)
    services.set_responsibility(
        dialogue_id=dialogue.pk,
        user=cast.official,
        responsible_official=cast.official,
        politicians=[cast.politician],
        experts=[],
        communicators=[],
    )
    write_case_memos(dialogue)  # each submission's tjänsteskrivelse (issue 12)
    steps = [
        ("submit_for_mandate", cast.official, "", State.MANDATE_DECISION),
        ("approve_mandate", cast.clerk, "Uppdraget godkänns.", State.PLANNING),
        ("submit_for_launch", cast.official, "", State.LAUNCH_DECISION),
        ("approve_launch", cast.clerk, "Planen godkänns.", State.EXECUTION),
        ("start_compilation", cast.official, "Tre dialogcaféer hölls.", State.COMPILATION),
        ("present_results", cast.official, "", State.FEEDBACK),
        ("start_processing", cast.official, "", State.PROCESSING),
        ("submit_for_decision", cast.official, "", State.DECISION),
        ("decide", cast.clerk, "Åtgärdsplanen antas.", State.DECISION),
        ("close", cast.official, "Utvärderad mot uppdraget.", State.CLOSED),
    ]
    for name, user, comment, target in steps:
        if name == "approve_mandate":
            services.register_case(dialogue_id=dialogue.pk, user=registrar_of(cast.body))
        source = fresh(dialogue).state
        if name in (
            "submit_for_launch",
            "start_compilation",
            "present_results",
            "start_processing",
            "submit_for_decision",
            "close",
        ):
            complete_step_with_services(dialogue, cast.official, source)
        moved = run(dialogue, name, user, comment=comment, expected_state=source, paragraph="7")
        assert moved.state == target

    logs = list(TransitionLog.objects.filter(dialogue=dialogue).order_by("pk"))
    assert [(t.transition, t.source, t.target, t.by, t.comment) for t in logs] == [
        (name, source, target, user, comment)
        for (name, user, comment, target), source in zip(
            steps, [State.INITIATIVE] + [target for *_, target in steps[:-1]], strict=True
        )
    ]
    decisions = Decision.objects.filter(dialogue=dialogue).order_by("pk")
    # The body decides at its meetings; its secretary records each from the minutes.
    assert [(d.point, d.outcome, d.recorded_by, d.kind) for d in decisions] == [
        (DecisionPoint.MANDATE, "approved", cast.clerk, Decision.Kind.MEETING),
        (DecisionPoint.LAUNCH, "approved", cast.clerk, Decision.Kind.MEETING),
        (DecisionPoint.FINAL, "approved", cast.clerk, Decision.Kind.MEETING),
    ]
    assert [d.log_entry.transition for d in decisions] == ["approve_mandate", "approve_launch",
                                                           "decide"]  # fmt: skip
    closed = fresh(dialogue)
    assert closed.step_number is None
    assert not closed.is_active
    assert closed.approved_decision(DecisionPoint.FINAL) == decisions[2]


@pytest.mark.parametrize(
    ("state", "back", "approve", "back_to", "approved_to"),
    [
        (State.MANDATE_DECISION, "return_mandate", "approve_mandate", State.INITIATIVE,
         State.PLANNING),
        (State.LAUNCH_DECISION, "return_launch", "approve_launch", State.PLANNING,
         State.EXECUTION),
        (State.DECISION, "return_proposal", "decide", State.PROCESSING, State.DECISION),
    ],
)  # fmt: skip
def test_returned_for_revision_goes_back_one_step_and_can_later_be_approved(
    cast, dialogue, state, back, approve, back_to, approved_to
):
    dialogue = put_in_state(dialogue, state)
    run(dialogue, back, cast.politician, comment="Komplettera med barnperspektivet.")
    assert fresh(dialogue).state == back_to
    returned = Decision.objects.get(dialogue=dialogue)
    assert returned.outcome == Decision.Outcome.RETURNED
    assert returned.log_entry.comment == "Komplettera med barnperspektivet."

    forward = {
        State.INITIATIVE: "submit_for_mandate",
        State.PLANNING: "submit_for_launch",
        State.PROCESSING: "submit_for_decision",
    }[back_to]
    complete_step(dialogue, back_to)
    run(dialogue, forward, cast.official)
    assert fresh(dialogue).state == state
    run(dialogue, approve, cast.politician)
    assert fresh(dialogue).state == approved_to
    outcomes = Decision.objects.filter(dialogue=dialogue).order_by("pk")
    assert [(d.point, d.outcome) for d in outcomes] == [
        (DecisionPoint.for_state(state), "returned"),
        (DecisionPoint.for_state(state), "approved"),
    ]


@pytest.mark.parametrize("state", [State.MANDATE_DECISION, State.LAUNCH_DECISION, State.DECISION])
def test_reject_ends_the_dialogue(cast, dialogue, state):
    dialogue = put_in_state(dialogue, state)
    run(dialogue, "reject", cast.politician, comment="Frågan är redan avgjord.")
    rejected = fresh(dialogue)
    assert rejected.state == State.REJECTED
    assert not rejected.is_active
    decision = Decision.objects.get(dialogue=dialogue)
    assert (decision.outcome, decision.point) == ("rejected", DecisionPoint.for_state(state))
    assert services.available_actions(dialogue=rejected, user=cast.politician) == []


def test_cancel_stores_the_reason_and_is_refused_at_an_end(cast, dialogue):
    dialogue = put_in_state(dialogue, State.EXECUTION)
    run(dialogue, "cancel", cast.clerk, comment="Budgeten drogs in.")
    cancelled = fresh(dialogue)
    assert (cancelled.state, cancelled.cancel_reason) == (State.CANCELLED, "Budgeten drogs in.")
    log = TransitionLog.objects.get(dialogue=dialogue)
    assert (log.source, log.target, log.comment, log.decision) == (
        State.EXECUTION,
        State.CANCELLED,
        "Budgeten drogs in.",
        None,
    )
    assert not Decision.objects.filter(dialogue=dialogue).exists()
    for end in (State.CANCELLED, State.CLOSED, State.REJECTED):
        ended = put_in_state(dialogue, end)
        with pytest.raises(services.ConditionsUnmet):
            run(ended, "cancel", cast.clerk, comment="Igen.")
        assert fresh(dialogue).state == end
    assert TransitionLog.objects.filter(dialogue=dialogue).count() == 1


# -- Registration --------------------------------------------------------------------------


def test_case_numbers_count_per_body_and_year(cast):
    year = timezone.localdate().year
    registrar = registrar_of(cast.body)
    first = make_dialogue(cast)
    second = make_dialogue(cast)
    assert services.register_case(dialogue_id=first.pk, user=registrar).case_number == (
        f"KS {year}/1"
    )
    registered = services.register_case(dialogue_id=second.pk, user=registrar)
    assert registered.case_number == f"KS {year}/2"
    assert (registered.case_year, registered.case_sequence) == (year, 2)
    assert registered.registered_by == registrar
    assert registered.registered_at is not None
    assert (registered.diarium_body, registered.diarium) == (cast.body, "Delaktig")
    assert str(registered) == f"KS {year}/2 {registered.title}"

    other = Cast(code="BUN")
    own = make_dialogue(other)
    assert services.register_case(
        dialogue_id=own.pk, user=registrar_of(other.body)
    ).case_number == (f"BUN {year}/1")

    next_year = make_dialogue(cast)
    with mock.patch("dialog.services.case.timezone.localdate", return_value=date(year + 1, 1, 2)):
        numbered = services.register_case(dialogue_id=next_year.pk, user=registrar)
    assert numbered.case_number == f"KS {year + 1}/1"
    third = make_dialogue(cast)
    assert services.register_case(dialogue_id=third.pk, user=registrar).case_number == (
        f"KS {year}/3"
    )


def test_a_case_is_registered_once(cast, dialogue):
    registrar = registrar_of(cast.body)
    number = services.register_case(dialogue_id=dialogue.pk, user=registrar).case_number
    with pytest.raises(services.Conflict) as refused:
        services.register_case(dialogue_id=dialogue.pk, user=registrar)
    assert number in refused.value.reasons[0]
    assert fresh(dialogue).case_number == number


@pytest.mark.parametrize(
    "role", ["official", "politician", "secretary", "other_clerk", "other_registrar", "outsider"]
)
def test_only_a_registrar_of_the_bodys_diarium_registers(cast, dialogue, role):
    # A committee secretary keeps the minutes; registering is the registrar's.
    cast.secretary = secretary_of(cast.body)
    cast.other_registrar = registrar_of(cast.other_body)
    with pytest.raises(services.PermissionRefused) as refused:
        services.register_case(dialogue_id=dialogue.pk, user=getattr(cast, role))
    assert refused.value.reasons == [denied_reason("dialog.register_case", dialogue)]
    assert fresh(dialogue).case_number is None


def test_an_ended_case_is_not_registered(cast, dialogue):
    dialogue = put_in_state(dialogue, State.CANCELLED, registered=False)
    with pytest.raises(services.PermissionRefused):
        services.register_case(dialogue_id=dialogue.pk, user=registrar_of(cast.body))


# -- Creating and editing ------------------------------------------------------------------


def test_create_dialogue(cast):
    data = {"title": "Lekplats i Norrby", "body": cast.body, "responsible_official": cast.official}
    dialogue = services.create_dialogue(user=cast.politician, data=data)
    assert dialogue.initiated_by == cast.politician
    assert dialogue.state == State.INITIATIVE
    assert Mandate.objects.filter(dialogue=dialogue).exists()


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_create_dialogue_refused_without_a_proposing_role(cast, role):
    data = {"title": "Lekplats", "body": cast.body, "responsible_official": cast.official}
    with pytest.raises(services.PermissionRefused) as refused:
        services.create_dialogue(user=getattr(cast, role), data=data)
    assert refused.value.reasons == [denied_reason("dialog.add_dialogue")]
    assert not Dialogue.objects.exists()


def test_create_dialogue_with_bad_data_gives_field_errors(cast):
    data = {
        "title": "",
        "participation_level": "allt",
        "body": cast.body,
        "responsible_official": cast.official,
    }
    with pytest.raises(ValidationError) as refused:
        services.create_dialogue(user=cast.official, data=data)
    assert {"title", "participation_level"} <= set(refused.value.message_dict)
    assert not Dialogue.objects.exists()


def test_update_initiative(cast, dialogue):
    updated = services.update_initiative(
        dialogue_id=dialogue.pk,
        user=cast.official,
        data={"question": "Var känner du dig otrygg?"},
        expected_updated_at=dialogue.updated_at,
    )
    assert fresh(dialogue).question == "Var känner du dig otrygg?"
    assert updated.updated_at > dialogue.updated_at


def test_update_initiative_with_bad_data_gives_field_errors(cast, dialogue):
    with pytest.raises(ValidationError) as refused:
        services.update_initiative(dialogue_id=dialogue.pk, user=cast.official, data={"title": ""})
    assert "title" in refused.value.message_dict
    assert fresh(dialogue).title == dialogue.title


@pytest.mark.parametrize("state", [State.MANDATE_DECISION, State.PLANNING, State.CLOSED])
def test_content_is_frozen_after_the_initiative_step(cast, dialogue, state):
    dialogue = put_in_state(dialogue, state)
    with pytest.raises(services.PermissionRefused) as refused:
        services.update_initiative(
            dialogue_id=dialogue.pk, user=cast.official, data={"title": "Nytt"}
        )
    assert refused.value.reasons == [denied_reason("dialog.edit_initiative", dialogue)]
    with pytest.raises(services.PermissionRefused):
        services.update_mandate(dialogue_id=dialogue.pk, user=cast.official, data={"purpose": "X"})
    assert fresh(dialogue).title == dialogue.title
    assert Mandate.objects.get(dialogue=dialogue).purpose == MANDATE["purpose"]


def test_a_stale_edit_is_a_conflict(cast, dialogue):
    seen = dialogue.updated_at
    services.update_initiative(dialogue_id=dialogue.pk, user=cast.official, data={"title": "A"})
    with pytest.raises(services.Conflict) as refused:
        services.update_initiative(
            dialogue_id=dialogue.pk,
            user=cast.official,
            data={"title": "B"},
            expected_updated_at=seen,
        )
    assert refused.value.reasons
    assert fresh(dialogue).title == "A"


def test_a_stale_mandate_edit_is_a_conflict(cast, dialogue):
    seen = Mandate.objects.get(dialogue=dialogue).updated_at
    services.update_mandate(dialogue_id=dialogue.pk, user=cast.official, data={"purpose": "A"})
    with pytest.raises(services.Conflict):
        services.update_mandate(
            dialogue_id=dialogue.pk,
            user=cast.official,
            data={"purpose": "B"},
            expected_updated_at=seen,
        )
    assert Mandate.objects.get(dialogue=dialogue).purpose == "A"


def test_update_mandate_creates_a_missing_mandate(cast, dialogue):
    Mandate.objects.filter(dialogue=dialogue).delete()
    mandate = services.update_mandate(
        dialogue_id=dialogue.pk, user=cast.official, data={"purpose": "Syfte"}
    )
    assert Mandate.objects.get(dialogue=dialogue).pk == mandate.pk
    assert mandate.purpose == "Syfte"


def test_an_edit_after_the_dialogue_moved_on_is_a_conflict(cast, dialogue):
    # The page was loaded at the initiative step; the dialogue moved on before the save.
    real_load = case_services._load_for_change

    def load_then_move_on(dialogue_id):
        loaded = real_load(dialogue_id)
        Dialogue.objects.filter(pk=dialogue_id).update(state=State.MANDATE_DECISION)
        return loaded

    with (
        mock.patch.object(case_services, "_load_for_change", load_then_move_on),
        pytest.raises(services.Conflict),
    ):
        services.update_initiative(dialogue_id=dialogue.pk, user=cast.official, data={"title": "X"})
    assert fresh(dialogue).title == dialogue.title


def test_set_responsibility_adds_and_removes_assignments(cast, dialogue):
    from roles.models import Membership
    from tests.factories import make_member

    second_politician = make_member(cast.body, Membership.Role.MEMBER)
    Assignment.objects.create(dialogue=dialogue, person=cast.other_official, role="communicator")
    services.set_responsibility(
        dialogue_id=dialogue.pk,
        user=cast.clerk,
        responsible_official=cast.other_official,
        politicians=[second_politician],
        experts=[cast.official],
        communicators=[cast.other_official],
    )
    assert set(Assignment.objects.filter(dialogue=dialogue).values_list("person", "role")) == {
        (second_politician.pk, "politician"),
        (cast.official.pk, "expert"),
        (cast.other_official.pk, "communicator"),
    }
    assert fresh(dialogue).responsible_official == cast.other_official

    services.set_responsibility(
        dialogue_id=dialogue.pk,
        user=cast.other_official,
        responsible_official=cast.other_official,
        politicians=[],
        experts=[],
        communicators=[],
    )
    assert not Assignment.objects.filter(dialogue=dialogue).exists()


@pytest.mark.parametrize("role", ["politician", "other_official", "other_clerk", "outsider"])
def test_set_responsibility_refused(cast, dialogue, role):
    with pytest.raises(services.PermissionRefused) as refused:
        services.set_responsibility(
            dialogue_id=dialogue.pk,
            user=getattr(cast, role),
            responsible_official=cast.other_official,
            politicians=[],
            experts=[],
            communicators=[],
        )
    assert refused.value.reasons == [denied_reason("dialog.edit_responsibility", dialogue)]
    assert fresh(dialogue).responsible_official == cast.official
    assert Assignment.objects.filter(dialogue=dialogue).count() == 1


def test_action_list_order_and_flags(cast, dialogue):
    dialogue = put_in_state(dialogue, State.DECISION)
    actions = services.available_actions(dialogue=dialogue, user=cast.politician)
    assert [a.name for a in actions] == ["decide", "close", "reject", "return_proposal", "cancel"]
    by_name = {a.name: a for a in actions}
    assert by_name["decide"].records_decision and not by_name["decide"].comment_required
    assert by_name["reject"].records_decision and by_name["reject"].comment_required
    assert by_name["cancel"].danger and not by_name["cancel"].records_decision
    assert by_name["close"].reasons == [
        denied_reason("dialog.run_dialogue", dialogue),
        _("a recorded final decision"),
        _("at least one action in the action plan"),
        _("the feedback to residents, published"),
        _("the evaluation, marked as done"),
    ]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"politicians": "other_politician"}, "politicians"),
        ({"experts": "politician"}, "experts"),
        ({"communicators": "outsider"}, "communicators"),
        ({"responsible_official": "politician"}, "responsible_official"),
    ],
)
def test_set_responsibility_refuses_people_without_the_role(cast, dialogue, change, field):
    """Only the body's politicians take part as politicians; only officials carry the work."""
    kwargs = {
        "responsible_official": cast.official,
        "politicians": [cast.politician],
        "experts": [],
        "communicators": [],
    }
    for key, who in change.items():
        person = getattr(cast, who)
        kwargs[key] = person if key == "responsible_official" else [person]
    with pytest.raises(ValidationError) as refused:
        services.set_responsibility(dialogue_id=dialogue.pk, user=cast.official, **kwargs)
    assert field in refused.value.message_dict
    assert fresh(dialogue).responsible_official == cast.official
    assert list(dialogue.assignments.values_list("person", flat=True)) == [cast.politician.pk]


def test_create_dialogue_refuses_an_administration_and_a_non_official(cast):
    from roles.models import Body

    administration = Body.objects.create(
        name="Kommunledningsförvaltningen", code="KLF", kind=Body.Kind.ADMINISTRATION
    )
    with pytest.raises(ValidationError) as refused:
        services.create_dialogue(
            user=cast.official,
            data={
                "title": "Lekplatser",
                "body": administration,
                "responsible_official": cast.politician,
            },
        )
    assert set(refused.value.message_dict) == {"body", "responsible_official"}
    assert not Dialogue.objects.filter(title="Lekplatser").exists()


def test_cancel_is_refused_once_the_final_decision_is_taken(cast, dialogue):
    decided = put_in_state(dialogue, State.DECISION, final_decision=True, by=cast.politician)
    with pytest.raises(services.ConditionsUnmet) as refused:
        services.run_transition(
            dialogue_id=decided.pk, name="cancel", user=cast.clerk, comment="Avbryt."
        )
    assert refused.value.reasons
    assert fresh(decided).state == State.DECISION

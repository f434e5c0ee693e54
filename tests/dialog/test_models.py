"""The dialogue's own facts: what each step is missing, its step number, decisions' rules."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dialog.models import (
    ACTIVE_STATES,
    DECISION_POINT_STATES,
    END_STATES,
    STEPS,
    Assignment,
    Decision,
    DecisionPoint,
    Dialogue,
    Mandate,
    State,
)
from tests.factories import MANDATE, make_dialogue, meeting_of, put_in_state, record_decision


def test_a_complete_dialogue_misses_nothing(dialogue):
    assert dialogue.initiative_missing() == []
    assert dialogue.mandate_missing() == []


def test_initiative_missing_lists_each_empty_field(cast):
    dialogue = make_dialogue(cast, complete=False, question="Vad tycker du?")
    assert dialogue.initiative_missing() == [
        _("the background"),
        _("why a dialogue is needed"),
        _("which future decision it feeds"),
        _("a proposed participation level"),
    ]
    dialogue.title = ""
    assert dialogue.initiative_missing()[0] == _("a title")


def test_mandate_missing_lists_blank_fields_and_the_politician(cast):
    dialogue = make_dialogue(cast, complete=False)
    missing = dialogue.mandate_missing()
    assert len(missing) == len(Mandate.REQUIRED) + 1
    assert missing[-1] == _("at least one responsible politician")

    Mandate.objects.filter(dialogue=dialogue).update(**dict(MANDATE, timeline=" \n"))
    Assignment.objects.create(dialogue=dialogue, person=cast.politician, role="politician")
    dialogue = Dialogue.objects.get(pk=dialogue.pk)
    assert dialogue.mandate_missing() == [_("the time plan")]


def test_mandate_missing_without_a_mandate(cast):
    dialogue = make_dialogue(cast)
    Mandate.objects.filter(dialogue=dialogue).delete()
    dialogue = Dialogue.objects.get(pk=dialogue.pk)
    assert dialogue.mandate_missing() == [_("the mandate has not been drafted")]


def test_only_a_politician_assignment_counts_for_the_mandate(cast):
    dialogue = make_dialogue(cast)
    Assignment.objects.filter(dialogue=dialogue).update(role=Assignment.Role.EXPERT)
    dialogue = Dialogue.objects.get(pk=dialogue.pk)
    assert dialogue.mandate_missing() == [_("at least one responsible politician")]


def test_step_numbers_follow_the_nine_steps(dialogue):
    assert len(STEPS) == 9
    for number, state in enumerate(STEPS, start=1):
        dialogue = put_in_state(dialogue, state)
        assert dialogue.step_number == number
        assert dialogue.is_active
    for state in END_STATES:
        dialogue = put_in_state(dialogue, state)
        assert dialogue.step_number is None
        assert not dialogue.is_active
    assert set(ACTIVE_STATES) | set(END_STATES) == set(State)


def test_decision_points(dialogue):
    assert [DecisionPoint.for_state(s) for s in DECISION_POINT_STATES] == [
        DecisionPoint.MANDATE,
        DecisionPoint.LAUNCH,
        DecisionPoint.FINAL,
    ]
    for state in set(State) - set(DECISION_POINT_STATES):
        assert put_in_state(dialogue, state).decision_point is None
    assert put_in_state(dialogue, "launch_decision").decision_point == DecisionPoint.LAUNCH


def test_registration_and_final_decision_facts(cast, dialogue):
    assert dialogue.registration_missing()
    assert dialogue.final_decision_missing()
    assert dialogue.no_final_decision_yet() == []
    dialogue = put_in_state(dialogue, State.DECISION, final_decision=True)
    assert dialogue.registration_missing() == []
    assert dialogue.final_decision_missing() == []
    assert dialogue.no_final_decision_yet() == [_("the final decision has already been recorded")]
    assert str(dialogue).startswith(dialogue.case_number)


def test_a_loaded_dialogue_can_be_validated(dialogue):
    # The state field is protected against assignment; validation must not assign it.
    dialogue = Dialogue.objects.get(pk=dialogue.pk)
    dialogue.full_clean()
    dialogue.title = ""
    with pytest.raises(ValidationError) as invalid:
        dialogue.full_clean()
    assert set(invalid.value.message_dict) == {"title"}
    assert dialogue.state == State.INITIATIVE


def test_the_state_is_changed_only_by_transitions(dialogue):
    with pytest.raises(AttributeError):
        dialogue.state = State.CLOSED


# -- Decisions -----------------------------------------------------------------------------


def _decision(dialogue, by, **values):
    defaults = {
        "dialogue": dialogue,
        "point": DecisionPoint.MANDATE,
        "body": dialogue.body,
        "decided_on": timezone.localdate(),
        "outcome": Decision.Outcome.APPROVED,
        "text": "Uppdraget godkänns.",
        "kind": Decision.Kind.MEETING,
        "recorded_by": by,
    }
    defaults.update(values)
    if defaults["kind"] == Decision.Kind.MEETING and "meeting" not in defaults:
        defaults["meeting"] = meeting_of(defaults["body"], defaults["decided_on"])
        defaults.setdefault("paragraph", "113")
    return Decision(**defaults)


def test_a_valid_decision(cast, dialogue):
    _decision(dialogue, cast.clerk).full_clean()
    _decision(
        dialogue, cast.official, kind=Decision.Kind.STANCE, informed_occasion="KS presidium"
    ).full_clean()


def test_no_new_single_politician_approval_can_be_made(cast, dialogue):
    with pytest.raises(ValidationError) as invalid:
        _decision(dialogue, cast.politician, kind=Decision.Kind.LEGACY).full_clean()
    assert set(invalid.value.message_dict) == {"kind"}
    # Those recorded before the decision forms are kept, and stay valid.
    kept = record_decision(dialogue, DecisionPoint.MANDATE, by=cast.politician, kind="approval")
    kept.full_clean()
    assert kept.get_kind_display() == "Godkänt i Delaktig av en politiker, före beslutsformerna"


def test_a_decision_dated_in_the_future_is_refused(cast, dialogue):
    decision = _decision(dialogue, cast.politician, decided_on=timezone.localdate() + timedelta(1))
    with pytest.raises(ValidationError) as invalid:
        decision.full_clean()
    assert set(invalid.value.message_dict) == {"decided_on"}


def test_a_decision_from_the_minutes_needs_its_paragraph(cast, dialogue):
    decision = _decision(dialogue, cast.clerk, paragraph="")
    with pytest.raises(ValidationError) as invalid:
        decision.full_clean()
    assert set(invalid.value.message_dict) == {"paragraph"}


def test_a_paragraph_needs_a_meeting_and_information_has_none(cast, dialogue):
    without = _decision(dialogue, cast.clerk, kind=Decision.Kind.URGENT, paragraph="4")
    with pytest.raises(ValidationError) as invalid:
        without.full_clean()
    assert set(invalid.value.message_dict) == {"paragraph"}
    stance = _decision(dialogue, cast.official, kind=Decision.Kind.STANCE, paragraph="4")
    with pytest.raises(ValidationError) as invalid:
        stance.full_clean()
    assert "paragraph" in invalid.value.message_dict


def test_a_decision_needs_a_text(cast, dialogue):
    with pytest.raises(ValidationError) as invalid:
        _decision(dialogue, cast.politician, text="").full_clean()
    assert "text" in invalid.value.message_dict


def test_decision_display(cast, dialogue):
    decision = _decision(dialogue, cast.clerk, decided_on=date(2017, 6, 12), paragraph="113")
    assert str(decision) == "KS 2017-06-12 § 113"
    stance = _decision(dialogue, cast.official, decided_on=date(2017, 6, 12), kind="stance")
    assert str(stance) == "KS 2017-06-12"


def test_a_point_is_approved_once_in_the_database(cast, dialogue):
    record_decision(dialogue, DecisionPoint.MANDATE, by=cast.politician, outcome="returned")
    record_decision(dialogue, DecisionPoint.MANDATE, by=cast.politician, outcome="returned")
    record_decision(dialogue, DecisionPoint.MANDATE, by=cast.politician)
    record_decision(dialogue, DecisionPoint.LAUNCH, by=cast.politician)
    with pytest.raises(IntegrityError), transaction.atomic():
        record_decision(dialogue, DecisionPoint.MANDATE, by=cast.clerk)
    assert dialogue.approved_decision(DecisionPoint.MANDATE).outcome == "approved"
    assert dialogue.approved_decision(DecisionPoint.FINAL) is None


def test_case_sequence_is_unique_per_body_and_year(cast):
    first = make_dialogue(cast)
    second = make_dialogue(cast)
    # The own series counts per the diarium's body (the body whose diarium registers the case).
    diarium = {"diarium_body": first.body}
    Dialogue.objects.filter(pk=first.pk).update(
        case_year=2026, case_sequence=4, case_number="A", **diarium
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Dialogue.objects.filter(pk=second.pk).update(
            case_year=2026, case_sequence=4, case_number="B", **diarium
        )
    Dialogue.objects.filter(pk=second.pk).update(
        case_year=2025, case_sequence=4, case_number="B", **diarium
    )

"""The dialogue forms: what is required, what may be chosen, the version carried for the lock."""

from datetime import date

import pytest
from django.utils import timezone

from dialog.filters import DialogueFilter
from dialog.forms import (
    ActionForm,
    CreateDialogueForm,
    InitiativeForm,
    MandateForm,
    ResponsibilityForm,
)
from dialog.models import Dialogue, ParticipationLevel
from dialog.selectors import dialogue_list
from dialog.services import Action
from roles.models import Body, Membership
from tests.factories import INITIATIVE, MANDATE, make_body, make_dialogue, make_member

# Each required message names its field (issue 14: "Fyll i <fältet>").


def required(label):
    return f"Fyll i {label}"


def create_form(cast, user=None, **data):
    return CreateDialogueForm(data or None, user=user or cast.official)


def test_a_draft_needs_only_title_body_and_responsible_official(cast):
    form = create_form(
        cast, title="Ny park", body=cast.body.pk, responsible_official=cast.official.pk
    )
    assert form.is_valid(), form.errors
    assert form.content()["participation_level"] == ""
    empty = create_form(cast, question="Något")
    assert not empty.is_valid()
    assert set(empty.errors) == {"title", "body", "responsible_official"}
    assert empty.errors["title"] == [required("titel")]


def test_body_must_be_political(cast):
    administration = make_body("FV", kind=Body.Kind.ADMINISTRATION)
    form = create_form(cast)
    assert administration not in form.fields["body"].queryset
    assert cast.body in form.fields["body"].queryset
    bad = create_form(
        cast, title="X", body=administration.pk, responsible_official=cast.official.pk
    )
    assert not bad.is_valid() and "body" in bad.errors


def test_responsible_official_is_an_official_and_defaults_to_the_user(cast):
    form = create_form(cast)
    people = set(form.fields["responsible_official"].queryset)
    assert people == {cast.official, cast.other_official}
    assert form.initial["responsible_official"] == cast.official.pk
    by_politician = create_form(cast, user=cast.politician)
    assert "responsible_official" not in by_politician.initial


def test_participation_level_is_a_radio_with_help_per_rung(cast):
    field = create_form(cast)["participation_level"]
    assert field.field.widget.input_type == "radio"
    rendered = str(field)
    assert rendered.count('type="radio"') == len(ParticipationLevel.choices)
    assert rendered.count('class="choice__help"') == len(ParticipationLevel.choices)
    form = create_form(
        cast,
        title="X",
        body=cast.body.pk,
        responsible_official=cast.official.pk,
        participation_level="nonsense",
    )
    assert not form.is_valid() and "participation_level" in form.errors


def test_version_round_trips_to_the_microsecond(dialogue):
    Dialogue.objects.filter(pk=dialogue.pk).update(
        updated_at=timezone.now().replace(microsecond=123456)
    )
    dialogue = Dialogue.objects.get(pk=dialogue.pk)
    form = InitiativeForm(instance=dialogue)
    version = form["expected_updated_at"].value()
    bound = InitiativeForm(
        {**INITIATIVE, "body": dialogue.body.pk, "expected_updated_at": version},
        instance=dialogue,
    )
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["expected_updated_at"] == dialogue.updated_at
    assert "expected_updated_at" not in bound.content()


def test_damaged_version_is_a_form_error(dialogue):
    form = InitiativeForm(
        {**INITIATIVE, "body": dialogue.body.pk, "expected_updated_at": "igår"},
        instance=dialogue,
    )
    assert not form.is_valid() and "expected_updated_at" in form.errors


def test_mandate_form_fields_are_the_mandate_content(dialogue):
    form = MandateForm({**MANDATE, "expected_updated_at": ""}, instance=dialogue.mandate)
    assert form.is_valid(), form.errors
    assert form.content() == MANDATE


def test_responsibility_offers_the_right_people(cast, dialogue):
    form = ResponsibilityForm(dialogue=dialogue)
    assert set(form.fields["politicians"].queryset) == {cast.politician}
    assert set(form.fields["experts"].queryset) == {cast.official, cast.other_official}
    assert form.initial["politicians"] == [cast.politician.pk]
    assert form.initial["responsible_official"] == cast.official.pk


def test_responsibility_keeps_people_whose_role_has_ended(cast, dialogue):
    Membership.objects.filter(person=cast.politician).update(valid_to=date(2021, 1, 1))
    form = ResponsibilityForm(dialogue=dialogue)
    assert cast.politician in form.fields["politicians"].queryset
    newcomer = make_member(cast.body, Membership.Role.MEMBER)
    bound = ResponsibilityForm(
        {"responsible_official": cast.official.pk, "politicians": [newcomer.pk]},
        dialogue=dialogue,
    )
    assert bound.is_valid(), bound.errors
    outsider = ResponsibilityForm({"responsible_official": cast.outsider.pk}, dialogue=dialogue)
    assert not outsider.is_valid() and "responsible_official" in outsider.errors


def _action(**kwargs):
    values = {"name": "approve_mandate", "label": "Approve", "available": True}
    values.update(kwargs)
    return Action(**values)


def test_decision_action_form_records_the_meeting(cast):
    from roles.models import Meeting
    from tests.factories import make_meeting

    meeting = make_meeting(cast.body, date(2026, 1, 20))
    form = ActionForm(action=_action(outcome="approved"), meetings=Meeting.objects.all())
    # The meeting's date is the decision's: no date field; the § is required.
    assert set(form.fields) == {"expected_state", "meeting", "paragraph", "text"}
    assert form.fields["paragraph"].required
    data = {"expected_state": "mandate_decision", "meeting": meeting.pk, "text": "Ja."}
    bound = ActionForm(data, action=_action(outcome="approved"), meetings=Meeting.objects.all())
    assert not bound.is_valid()
    assert bound.errors["paragraph"] == [required("paragraf (§)")]
    bound = ActionForm(
        {**data, "paragraph": " § 113 "},
        action=_action(outcome="approved"),
        meetings=Meeting.objects.all(),
    )
    assert bound.is_valid(), bound.errors
    assert bound.service_kwargs() == {
        "expected_state": "mandate_decision",
        "meeting": meeting,
        "paragraph": "113",
        "text": "Ja.",
    }


def test_information_form_has_no_paragraph_and_no_decision_date(cast):
    form = ActionForm(action=_action(outcome="approved"), information=True)
    assert set(form.fields) == {"expected_state", "informed_occasion", "informed_on", "text"}
    bound = ActionForm(
        {
            "expected_state": "mandate_decision",
            "informed_occasion": "KS presidium",
            "informed_on": "2026-01-20",
            "text": "Positiva.",
        },
        action=_action(outcome="approved"),
        information=True,
    )
    assert bound.is_valid(), bound.errors
    assert bound.service_kwargs()["informed_on"] == date(2026, 1, 20)


def test_decision_text_is_required(cast):
    form = ActionForm(
        {"expected_state": "decision", "paragraph": "4"},
        action=_action(outcome="rejected", comment_required=True),
    )
    assert not form.is_valid() and form.errors["text"] == [required("beslutstext")]
    assert "comment" not in form.fields


def test_comment_required_action_and_plain_action(cast):
    cancel = ActionForm({"expected_state": "planning"}, action=_action(comment_required=True))
    assert not cancel.is_valid() and cancel.errors["comment"] == [required("skäl")]
    plain = ActionForm({"expected_state": "planning"}, action=_action(name="submit_for_launch"))
    assert set(plain.fields) == {"expected_state"}
    assert plain.is_valid()
    assert plain.service_kwargs()["comment"] == ""
    missing_state = ActionForm({}, action=_action(name="submit_for_launch"))
    assert not missing_state.is_valid()


@pytest.mark.parametrize("term", ["storgatan", "KS 2026/4", "tryggare"])
def test_filter_search_covers_title_case_number_and_question(cast, term):
    hit = make_dialogue(cast)  # "Trygghet i Storgatans centrum", question "... tryggare ..."
    Dialogue.objects.filter(pk=hit.pk).update(case_number="KS 2026/4", case_year=2026)
    miss = make_dialogue(cast, title="Badplatsen", question="Var vill du bada?")
    found = set(DialogueFilter({"q": term}, queryset=dialogue_list()).qs)
    assert hit in found and miss not in found

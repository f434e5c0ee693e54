"""Step 9 after the final decision: the action plan, the feedback to residents and the
evaluation; a dialogue closes only with every part [SAN][SOL][HAN][FOR][HAG]."""

import pytest
import rules
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from dialog import services
from dialog.models import (
    ActionItem,
    Assignment,
    Dialogue,
    Evaluation,
    ResidentFeedback,
    State,
)
from dialog.rules import denied_reason
from tests.factories import (
    EVALUATION,
    RESIDENT_FEEDBACK,
    complete_decision_followup,
    put_in_state,
)
from tests.helpers import fresh, login

PERMISSION = "dialog.edit_decision_followup"
FOLLOWUP_MISSING = [
    "at least one action in the action plan",
    "the feedback to residents, published",
    "the evaluation, marked as done",
]


def close(dialogue, user):
    return services.run_transition(dialogue_id=dialogue.pk, name="close", user=user)


@pytest.fixture
def decided(dialogue, cast):
    """At step 9 with the final decision recorded."""
    return put_in_state(dialogue, State.DECISION, final_decision=True, by=cast.politician)


def action_data(**overrides):
    data = {
        "action": "Byt belysning vid busstationen.",
        "responsible": None,
        "responsible_text": "Gatuenheten",
        "due_on": timezone.localdate(),
        "status": ActionItem.Status.PLANNED,
    }
    data.update(overrides)
    return data


# -- Who may follow up, and when ----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("official", True),
        ("communicator", True),
        ("other_official", False),
        ("politician", False),
        ("clerk", False),
        ("outsider", False),
    ],
)
def test_the_follow_up_is_written_by_the_officials_working_on_the_dialogue(
    cast, decided, role, allowed
):
    user = getattr(cast, role, None)
    if role == "communicator":
        user = cast.other_official
        Assignment.objects.create(dialogue=decided, person=user, role=Assignment.Role.COMMUNICATOR)
        decided = fresh(decided)
    assert rules.has_perm(PERMISSION, user, decided) is allowed


def test_the_follow_up_waits_for_the_final_decision(cast, dialogue):
    for state in (State.PROCESSING, State.DECISION, State.CLOSED):
        undecided = put_in_state(dialogue, state)
        assert not rules.has_perm(PERMISSION, cast.official, undecided), state
    with pytest.raises(services.PermissionRefused) as refused:
        services.save_action_item(dialogue_id=dialogue.pk, user=cast.official, data=action_data())
    assert refused.value.reasons == [denied_reason(PERMISSION, dialogue)]
    # Publishing needs the final decision: without it the service refuses, nothing is published.
    ResidentFeedback.objects.create(dialogue=dialogue, **RESIDENT_FEEDBACK)
    dialogue = put_in_state(dialogue, State.DECISION)
    with pytest.raises(services.PermissionRefused):
        services.publish_resident_feedback(dialogue_id=dialogue.pk, user=cast.official)
    assert not ResidentFeedback.objects.get(dialogue=dialogue).is_published


def test_others_are_refused_with_the_reason(cast, decided):
    for service, kwargs in [
        (services.save_action_item, {"data": action_data()}),
        (services.update_resident_feedback, {"data": RESIDENT_FEEDBACK}),
        (services.publish_resident_feedback, {}),
        (services.update_evaluation, {"data": EVALUATION}),
        (services.mark_evaluation_done, {}),
    ]:
        with pytest.raises(services.PermissionRefused) as refused:
            service(dialogue_id=decided.pk, user=cast.politician, **kwargs)
        assert refused.value.reasons == [denied_reason(PERMISSION, decided)]
    assert not ActionItem.objects.exists()
    assert not ResidentFeedback.objects.exists() and not Evaluation.objects.exists()


# -- The action plan ---------------------------------------------------------------------


def test_an_action_needs_someone_responsible(cast, decided):
    with pytest.raises(ValidationError) as invalid:
        services.save_action_item(
            dialogue_id=decided.pk, user=cast.official, data=action_data(responsible_text="")
        )
    assert "responsible" in invalid.value.error_dict
    with pytest.raises(ValidationError):
        services.save_action_item(
            dialogue_id=decided.pk,
            user=cast.official,
            data=action_data(responsible=cast.outsider, responsible_text=""),
        )
    item = services.save_action_item(
        dialogue_id=decided.pk,
        user=cast.official,
        data=action_data(responsible=cast.other_official, responsible_text=""),
    )
    assert item.responsible_display == cast.other_official.get_full_name()
    services.save_action_item(
        dialogue_id=decided.pk,
        user=cast.official,
        item_id=item.pk,
        data=action_data(status=ActionItem.Status.DONE),
    )
    assert ActionItem.objects.get().status == ActionItem.Status.DONE


# -- The feedback to residents --------------------------------------------------------------


def test_publishing_needs_what_we_heard_decided_and_why(cast, decided):
    with pytest.raises(services.ConditionsUnmet) as refused:
        services.publish_resident_feedback(dialogue_id=decided.pk, user=cast.official)
    assert refused.value.reasons == [_("what we heard"), _("what we decided"), _("why")]
    services.update_resident_feedback(
        dialogue_id=decided.pk,
        user=cast.official,
        data={**RESIDENT_FEEDBACK, "why": " "},
    )
    with pytest.raises(services.ConditionsUnmet) as refused:
        services.publish_resident_feedback(dialogue_id=decided.pk, user=cast.official)
    assert refused.value.reasons == [_("why")]
    assert not ResidentFeedback.objects.get().is_published


def test_publishing_sets_the_date_once(cast, decided):
    services.update_resident_feedback(
        dialogue_id=decided.pk, user=cast.official, data=RESIDENT_FEEDBACK
    )
    feedback = services.publish_resident_feedback(dialogue_id=decided.pk, user=cast.official)
    assert feedback.published_on == timezone.localdate()
    with pytest.raises(services.Conflict):
        services.publish_resident_feedback(dialogue_id=decided.pk, user=cast.official)
    # Published feedback may be corrected, not emptied.
    with pytest.raises(ValidationError) as invalid:
        services.update_resident_feedback(
            dialogue_id=decided.pk, user=cast.official, data={"what_we_heard": ""}
        )
    assert "what_we_heard" in invalid.value.error_dict
    services.update_resident_feedback(
        dialogue_id=decided.pk, user=cast.official, data={"channels": "Webben"}
    )
    assert ResidentFeedback.objects.get().channels == "Webben"


# -- The evaluation ----------------------------------------------------------------------


def test_the_evaluation_is_done_only_with_every_part(cast, decided):
    services.update_evaluation(
        dialogue_id=decided.pk,
        user=cast.official,
        data={"purpose_met": "partly", "purpose_comment": "Delvis."},
    )
    with pytest.raises(services.ConditionsUnmet) as refused:
        services.mark_evaluation_done(dialogue_id=decided.pk, user=cast.official)
    assert refused.value.reasons == [
        _("the methods"),
        _("reach and representativeness"),
        _("accessibility"),
        _("lessons learned"),
    ]
    services.update_evaluation(dialogue_id=decided.pk, user=cast.official, data=EVALUATION)
    evaluation = services.mark_evaluation_done(dialogue_id=decided.pk, user=cast.official)
    assert evaluation.done_on == timezone.localdate()
    with pytest.raises(services.Conflict):
        services.mark_evaluation_done(dialogue_id=decided.pk, user=cast.official)
    with pytest.raises(ValidationError):
        services.update_evaluation(
            dialogue_id=decided.pk, user=cast.official, data={"purpose_met": ""}
        )


def test_a_stale_form_is_refused_as_a_conflict(cast, decided):
    first = services.update_evaluation(
        dialogue_id=decided.pk, user=cast.official, data={"methods_comment": "A"}
    )
    services.update_evaluation(
        dialogue_id=decided.pk,
        user=cast.official,
        data={"methods_comment": "B"},
        expected_updated_at=first.updated_at,
    )
    with pytest.raises(services.Conflict):
        services.update_evaluation(
            dialogue_id=decided.pk,
            user=cast.official,
            data={"methods_comment": "C"},
            expected_updated_at=first.updated_at,
        )
    assert Evaluation.objects.get().methods_comment == "B"


# -- Closing --------------------------------------------------------------------------------


def test_close_lists_every_missing_part(cast, decided):
    with pytest.raises(services.ConditionsUnmet) as refused:
        close(decided, cast.official)
    assert refused.value.reasons == [_(m) for m in FOLLOWUP_MISSING]
    assert fresh(decided).state == State.DECISION


@pytest.mark.parametrize("missing", FOLLOWUP_MISSING)
def test_a_dialogue_cannot_close_without_each_part(cast, decided, missing):
    complete_decision_followup(decided)
    if missing == FOLLOWUP_MISSING[0]:
        ActionItem.objects.filter(dialogue=decided).delete()
    elif missing == FOLLOWUP_MISSING[1]:
        ResidentFeedback.objects.filter(dialogue=decided).update(published_on=None)
    else:
        Evaluation.objects.filter(dialogue=decided).update(done_on=None)
    with pytest.raises(services.ConditionsUnmet) as refused:
        close(decided, cast.official)
    assert refused.value.reasons == [_(missing)]


def test_close_passes_with_every_part(cast, decided):
    complete_decision_followup(decided)
    assert close(decided, cast.official).state == State.CLOSED


def test_close_still_needs_the_final_decision(cast, dialogue):
    dialogue = complete_decision_followup(put_in_state(dialogue, State.DECISION))
    with pytest.raises(services.ConditionsUnmet) as refused:
        close(dialogue, cast.official)
    assert refused.value.reasons == [_("a recorded final decision")]


# -- The pages -------------------------------------------------------------------------------


def test_the_follow_up_over_http(client, cast, decided):
    login(client, cast.official)
    add = reverse("dialog:add_action_item", args=[decided.pk])
    assert client.get(add).status_code == 200
    assert client.post(add, {"action": "Gör något", "status": "planned"}).status_code == 400
    assert not ActionItem.objects.exists()
    publish = reverse("dialog:publish_feedback", args=[decided.pk])
    response = client.post(publish)
    assert response.status_code == 409
    assert escape(_("what we heard")) in response.content.decode()
    assert client.get(publish).status_code == 405
    edit = reverse("dialog:edit_resident_feedback", args=[decided.pk])
    assert client.post(edit, RESIDENT_FEEDBACK).status_code == 302
    assert client.post(publish).status_code == 302
    done = reverse("dialog:evaluation_done", args=[decided.pk])
    assert client.post(done).status_code == 409
    response = client.post(reverse("dialog:edit_evaluation", args=[decided.pk]), EVALUATION)
    assert response.status_code == 302
    assert client.post(done).status_code == 302
    page = client.get(decided.get_absolute_url()).content.decode()
    assert 'id="followup"' in page
    assert escape(RESIDENT_FEEDBACK["why"]) in page
    assert timezone.localdate().isoformat() in page


def test_the_follow_up_pages_refuse_others(client, cast, decided):
    login(client, cast.politician)
    for name in ("add_action_item", "edit_resident_feedback", "edit_evaluation"):
        response = client.get(reverse(f"dialog:{name}", args=[decided.pk]))
        assert response.status_code == 403
        assert escape(denied_reason(PERMISSION, decided)) in response.content.decode()
    assert client.post(reverse("dialog:publish_feedback", args=[decided.pk])).status_code == 403


def test_residents_html_is_escaped_on_the_dialogue_page(client, cast, decided):
    complete_decision_followup(decided)
    ResidentFeedback.objects.filter(dialogue=decided).update(
        what_we_heard='<img src=x onerror="alert(1)">Belysning'
    )
    login(client, cast.politician)
    page = client.get(decided.get_absolute_url()).content.decode()
    assert "<img src=x" not in page
    assert escape('<img src=x onerror="alert(1)">Belysning') in page


def test_the_closed_demo_dialogue_has_every_part(demo):
    # The follow-up's part of the demo closes two more dialogues (last year's and this year's).
    closed = Dialogue.objects.get(state=State.CLOSED, title="Trygghet i centrum")
    assert closed.themes.count() == 3
    assert closed.compilation_summary.summary
    assert closed.results_presentation.presented_on
    assert all(i.forwardings.exists() for i in closed.inputs.filter(within_purpose=False))
    assert [p.number for p in closed.proposal.points.all()] == [1, 2, 3, 4]
    assert closed.action_items.count() == 3
    assert closed.resident_feedback.is_published and closed.evaluation.is_done
    awaiting = Dialogue.objects.get(title="Ett nytt bibliotek i Exempelby")
    assert awaiting.state == State.DECISION and awaiting.proposal.points.exists()

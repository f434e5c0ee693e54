"""The case file holds (issue 8): one approved-or-rejected decision per point, no silent
overwrite of an item or a record, and a registered case keeps its body.

The races with real concurrent transactions are in test_concurrency.py (PostgreSQL).
"""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django_fsm.signals import pre_transition

from dialog import services
from dialog.models import (
    ActionItem,
    Assignment,
    CommunicationItem,
    Decision,
    DecisionPoint,
    Dialogue,
    InputItem,
    Mandate,
    PlannedDecisionPoint,
    ProposalPoint,
    State,
    Theme,
)
from roles.models import Body
from tests.factories import (
    INITIATIVE,
    add_activity,
    make_body,
    make_meeting,
    put_in_state,
    record_decision,
    register_directly,
)
from tests.helpers import login


def who_saved(user, when) -> str:
    """The sentence a stale save gets, for a save by `user` today at `when`."""
    return _("%(name)s saved changes at %(time)s while you were editing.") % {
        "name": user.get_full_name(),
        "time": timezone.localtime(when).strftime("%H:%M"),
    }


# -- One approved or rejected decision per decision point ----------------------------------


def test_a_point_is_approved_or_rejected_once(cast, dialogue):
    record_decision(dialogue, DecisionPoint.FINAL, by=cast.politician)
    for outcome in (Decision.Outcome.APPROVED, Decision.Outcome.REJECTED):
        with pytest.raises(IntegrityError), transaction.atomic():
            record_decision(dialogue, DecisionPoint.FINAL, by=cast.clerk, outcome=outcome)
    assert list(dialogue.decisions.values_list("outcome", flat=True)) == ["approved"]


def test_a_rejection_takes_the_point_too(cast, dialogue):
    record_decision(
        dialogue, DecisionPoint.LAUNCH, by=cast.politician, outcome=Decision.Outcome.REJECTED
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        record_decision(dialogue, DecisionPoint.LAUNCH, by=cast.clerk)


def test_returns_may_repeat_before_the_approval(cast, dialogue):
    # Returned twice for revision, then approved: the usual way of a reworked mandate.
    for _n in range(2):
        record_decision(
            dialogue, DecisionPoint.MANDATE, by=cast.politician, outcome=Decision.Outcome.RETURNED
        )
    record_decision(dialogue, DecisionPoint.MANDATE, by=cast.politician)
    record_decision(dialogue, DecisionPoint.LAUNCH, by=cast.politician)
    assert dialogue.decisions.count() == 4


@pytest.fixture
def someone_decides_meanwhile(cast):
    """Another decision recorded after the service has checked the dialogue and before it
    writes: what the constraint is there for, should anything get past the row lock."""

    def reject_behind_its_back(sender, instance, **kwargs):
        record_decision(
            instance, DecisionPoint.FINAL, by=cast.clerk, outcome=Decision.Outcome.REJECTED
        )

    pre_transition.connect(reject_behind_its_back, sender=Dialogue, weak=False)
    yield
    pre_transition.disconnect(reject_behind_its_back, sender=Dialogue)


def test_a_decision_that_slips_in_is_a_conflict_not_an_error(
    cast, dialogue, someone_decides_meanwhile
):
    dialogue = put_in_state(dialogue, State.DECISION)
    with pytest.raises(services.Conflict) as refused:
        # The body's committee secretary records the approval from today's minutes.
        services.decide_at_meeting(
            dialogue_id=dialogue.pk,
            name="decide",
            user=cast.clerk,
            meeting=make_meeting(cast.body),
            paragraph="9",
            text="Bifall.",
        )
    assert refused.value.reasons
    assert not Decision.objects.filter(dialogue=dialogue).exists()
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.DECISION
    assert not dialogue.transitions.exists()


# -- A registered case keeps its body ----------------------------------------------------------


@pytest.fixture
def other_body(db):
    return make_body("BUN", kind=Body.Kind.COMMITTEE)


def test_the_service_refuses_a_new_body_for_a_registered_case(cast, dialogue, other_body):
    dialogue = register_directly(dialogue)
    with pytest.raises(services.ValidationError) as refused:
        services.update_initiative(
            dialogue_id=dialogue.pk,
            user=cast.official,
            data={"body": other_body, "title": "Flyttad"},
        )
    assert set(refused.value.message_dict) == {"body"}
    assert dialogue.case_number in refused.value.message_dict["body"][0]
    kept = Dialogue.objects.get(pk=dialogue.pk)
    assert (kept.body, kept.title) == (cast.body, dialogue.title)
    # The same body, as the form sends it, is no change.
    services.update_initiative(
        dialogue_id=dialogue.pk, user=cast.official, data={"body": cast.body, "title": "Ny"}
    )
    assert Dialogue.objects.get(pk=dialogue.pk).title == "Ny"


def test_the_body_may_change_before_registration(cast, dialogue, other_body):
    services.update_initiative(
        dialogue_id=dialogue.pk, user=cast.official, data={"body": other_body}
    )
    assert Dialogue.objects.get(pk=dialogue.pk).body == other_body


def test_the_initiative_page_ignores_a_posted_body_once_registered(
    client, cast, dialogue, other_body
):
    dialogue = register_directly(dialogue)
    url = reverse("dialog:edit_initiative", args=[dialogue.pk])
    page = login(client, cast.official).get(url)
    assert page.context["form"].fields["body"].disabled
    assert dialogue.case_number in page.content.decode()
    version = page.context["form"]["expected_updated_at"].value()
    response = client.post(
        url,
        {
            **INITIATIVE,
            "title": "Trygghet i centrum",
            "body": other_body.pk,
            "expected_updated_at": version,
        },
    )
    assert response.status_code == 302
    saved = Dialogue.objects.get(pk=dialogue.pk)
    assert (saved.title, saved.body) == ("Trygghet i centrum", cast.body)


# -- A stale save of an item or a record says who saved meanwhile ----------------------------


def _communication(dialogue):
    return CommunicationItem.objects.create(dialogue=dialogue, channel="Webben", message="Start")


def _decision_point(dialogue):
    return PlannedDecisionPoint.objects.create(
        dialogue=dialogue, point=DecisionPoint.FINAL, planned_on=date.today() + timedelta(60)
    )


def _input(dialogue):
    return InputItem.objects.create(
        dialogue=dialogue,
        text="Mer ljus på torget.",
        source=InputItem.Source.MEETING,
        received_on=date.today(),
        created_by=dialogue.responsible_official,
    )


def _point(dialogue, user):
    return services.save_proposal_point(dialogue_id=dialogue.pk, user=user, data={"text": "Att"})


ITEMS = {
    # kind: (state, make the item, the save service, the field the change types into)
    "communication": (State.PLANNING, _communication, "save_communication_item", "message"),
    "activity": (State.PLANNING, add_activity, "save_activity", "title"),
    "decision_point": (State.PLANNING, _decision_point, "save_planned_decision_point", "label"),
    "input": (State.EXECUTION, _input, "save_input", "text"),
    "theme": (
        State.COMPILATION,
        lambda d: Theme.objects.create(dialogue=d, name="Trygghet"),
        "save_theme",
        "name",
    ),
    "action_item": (
        State.DECISION,
        lambda d: ActionItem.objects.create(dialogue=d, action="Belysning", responsible_text="X"),
        "save_action_item",
        "action",
    ),
}


@pytest.mark.parametrize("kind", list(ITEMS))
def test_a_stale_item_save_is_a_conflict_naming_who_saved(cast, dialogue, kind):
    state, make, service_name, field = ITEMS[kind]
    dialogue = put_in_state(dialogue, state, final_decision=state == State.DECISION)
    Assignment.objects.create(
        dialogue=dialogue, person=cast.other_official, role=Assignment.Role.EXPERT
    )
    item = make(dialogue)
    model = type(item)
    opened = item.updated_at  # both open the form on this version
    save = getattr(services, service_name)
    extra = {"responsible_text": "Kultur"} if kind == "action_item" else {}

    save(
        dialogue_id=dialogue.pk,
        user=cast.official,
        item_id=item.pk,
        data={field: "Olgas version", **extra},
        expected_updated_at=opened,
    )
    with pytest.raises(services.Conflict) as refused:
        save(
            dialogue_id=dialogue.pk,
            user=cast.other_official,
            item_id=item.pk,
            data={field: "Ottos version", **extra},
            expected_updated_at=opened,
        )

    saved = model.objects.get(pk=item.pk)
    assert getattr(saved, field) == "Olgas version"
    assert saved.updated_at > opened
    assert refused.value.reasons[0].startswith(who_saved(cast.official, saved.updated_at))


def test_a_stale_proposal_point_save_is_a_conflict(cast, dialogue):
    dialogue = put_in_state(dialogue, State.PROCESSING)
    point = _point(dialogue, cast.official)
    opened = point.updated_at
    services.save_proposal_point(
        dialogue_id=dialogue.pk,
        user=cast.official,
        item_id=point.pk,
        data={"text": "Att bygga"},
        expected_updated_at=opened,
    )
    with pytest.raises(services.Conflict) as refused:
        services.save_proposal_point(
            dialogue_id=dialogue.pk,
            user=cast.official,
            item_id=point.pk,
            data={"text": "Att riva"},
            expected_updated_at=opened,
        )
    saved = ProposalPoint.objects.get(pk=point.pk)
    assert saved.text == "Att bygga"
    assert who_saved(cast.official, saved.updated_at) in refused.value.reasons[0]


def test_a_stale_mandate_save_names_who_saved(cast, dialogue):
    opened = Mandate.objects.get(dialogue=dialogue).updated_at
    services.update_mandate(
        dialogue_id=dialogue.pk, user=cast.official, data={"purpose": "Olgas syfte"}
    )
    with pytest.raises(services.Conflict) as refused:
        services.update_mandate(
            dialogue_id=dialogue.pk,
            user=cast.official,
            data={"purpose": "Ett annat syfte"},
            expected_updated_at=opened,
        )
    saved = Mandate.objects.get(dialogue=dialogue)
    assert saved.purpose == "Olgas syfte"
    assert refused.value.reasons[0].startswith(who_saved(cast.official, saved.updated_at))


def test_an_earlier_day_is_named_with_its_date(cast, dialogue):
    dialogue = put_in_state(dialogue, State.PLANNING)
    item = _communication(dialogue)
    opened = item.updated_at
    services.save_communication_item(
        dialogue_id=dialogue.pk, user=cast.official, item_id=item.pk, data={"message": "Olga"}
    )
    yesterday = timezone.now() - timedelta(days=1)
    CommunicationItem.objects.filter(pk=item.pk).update(updated_at=yesterday)
    with pytest.raises(services.Conflict) as refused:
        services.save_communication_item(
            dialogue_id=dialogue.pk,
            user=cast.official,
            item_id=item.pk,
            data={"message": "Otto"},
            expected_updated_at=opened,
        )
    local = timezone.localtime(yesterday)
    said = _("%(name)s saved changes on %(date)s at %(time)s while you were editing.") % {
        "name": cast.official.get_full_name(),
        "date": local.strftime("%Y-%m-%d"),
        "time": local.strftime("%H:%M"),
    }
    assert refused.value.reasons[0].startswith(said)


def test_a_stale_item_form_keeps_the_text_and_says_who_saved(client, cast, dialogue):
    dialogue = put_in_state(dialogue, State.PLANNING)
    Assignment.objects.create(
        dialogue=dialogue, person=cast.other_official, role=Assignment.Role.EXPERT
    )
    item = _communication(dialogue)
    url = reverse("dialog:edit_communication", args=[dialogue.pk, item.pk])
    page = login(client, cast.other_official).get(url)
    version = page.context["form"]["expected_updated_at"].value()
    assert f'name="expected_updated_at" value="{version}"' in page.content.decode()
    services.save_communication_item(
        dialogue_id=dialogue.pk,
        user=cast.official,
        item_id=item.pk,
        data={"message": "Olgas budskap"},
    )
    typed = {"channel": "Webben", "message": "Ottos budskap", "expected_updated_at": version}

    response = client.post(url, typed)

    assert response.status_code == 409
    body = response.content.decode()
    saved = CommunicationItem.objects.get(pk=item.pk)
    assert escape(who_saved(cast.official, saved.updated_at)) in body
    assert "Ottos budskap" in body  # what was typed is still in the form
    assert saved.message == "Olgas budskap"
    # The form now carries the version saved meanwhile: saving again on purpose wins.
    again = response.context["form"]["expected_updated_at"].value()
    assert again == saved.updated_at.isoformat()
    assert client.post(url, {**typed, "expected_updated_at": again}).status_code == 302
    assert CommunicationItem.objects.get(pk=item.pk).message == "Ottos budskap"

"""Execution (step 5): the input register, and what `start_compilation` needs [HAN]."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dialog import services, steps
from dialog.models import (
    STEPS,
    Activity,
    Dialogue,
    Forwarding,
    InputItem,
    State,
    Theme,
)
from dialog.rules import denied_reason
from tests.factories import add_activity, add_inputs, make_dialogue, put_in_state

NO_INPUT = "at least one registered input"


@pytest.fixture
def execution(dialogue):
    return put_in_state(dialogue, State.EXECUTION)


def compile_(dialogue, user):
    return services.run_transition(
        dialogue_id=dialogue.pk, name="start_compilation", user=user, expected_state="execution"
    )


def input_data(**overrides):
    data = {
        "text": "Mer belysning i parken.",
        "source": InputItem.Source.LETTER,
        "activity": None,
        "received_on": timezone.localdate(),
        "age_band": "65-79",
        "gender": "woman",
        "area": "Norrby",
        "within_purpose": True,
    }
    data.update(overrides)
    return data


# -- The conditions of start_compilation ---------------------------------------------------


def test_execution_without_input_is_refused(cast, execution):
    with pytest.raises(services.ConditionsUnmet) as refused:
        compile_(execution, cast.official)
    assert refused.value.reasons == [_(NO_INPUT)]
    assert Dialogue.objects.get(pk=execution.pk).state == State.EXECUTION


def test_compilation_is_refused_while_any_activity_is_still_planned(cast, execution):
    """Every activity held or cancelled before the compilation (issue 9), past or future."""
    add_inputs(execution, 1)
    past = add_activity(
        execution, title="Dialogcafé i mars", starts_at=timezone.now() - timedelta(days=2)
    )
    future = add_activity(execution, title="Framtida möte")
    with pytest.raises(services.ConditionsUnmet) as refused:
        compile_(execution, cast.official)
    (reason,) = refused.value.reasons
    assert "Dialogcafé i mars" in reason and "Framtida möte" in reason
    services.save_activity(
        dialogue_id=execution.pk,
        user=cast.official,
        data={"status": Activity.Status.HELD},
        item_id=past.pk,
    )
    with pytest.raises(services.ConditionsUnmet) as refused:
        compile_(execution, cast.official)
    (reason,) = refused.value.reasons
    assert "Framtida möte" in reason and "Dialogcafé i mars" not in reason
    services.save_activity(
        dialogue_id=execution.pk,
        user=cast.official,
        data={"status": Activity.Status.CANCELLED, "cancel_reason": "Lokalen var inte ledig."},
        item_id=future.pk,
    )
    assert compile_(execution, cast.official).state == State.COMPILATION


def test_a_cancelled_activity_does_not_hold_up_compilation(cast, execution):
    add_inputs(execution, 1)
    add_activity(
        execution, starts_at=timezone.now() - timedelta(days=1), status=Activity.Status.CANCELLED
    )
    assert compile_(execution, cast.official).state == State.COMPILATION


# -- The input register: services ----------------------------------------------------------


def test_register_and_correct_an_input(cast, execution):
    activity = add_activity(execution)
    item = services.save_input(
        dialogue_id=execution.pk,
        user=cast.official,
        data=input_data(source=InputItem.Source.ACTIVITY, activity=activity),
    )
    assert (item.created_by, item.activity, item.within_purpose) == (cast.official, activity, True)
    services.save_input(
        dialogue_id=execution.pk,
        user=cast.official,
        data={"within_purpose": False},
        item_id=item.pk,
    )
    assert InputItem.objects.get(pk=item.pk).within_purpose is False
    assert [h.history_type for h in item.history.order_by("history_id")] == ["+", "~"]


def test_an_input_cannot_point_to_another_dialogues_activity(cast, execution):
    other = make_dialogue(cast, title="Annan dialog")
    foreign = add_activity(other)
    with pytest.raises(ValidationError) as error:
        services.save_input(
            dialogue_id=execution.pk, user=cast.official, data=input_data(activity=foreign)
        )
    assert "activity" in error.value.error_dict


@pytest.mark.parametrize("role", ["politician", "clerk", "other_official", "outsider"])
def test_only_the_dialogues_officials_register_input(cast, execution, role):
    with pytest.raises(services.PermissionRefused) as refused:
        services.save_input(dialogue_id=execution.pk, user=getattr(cast, role), data=input_data())
    assert refused.value.reasons == [denied_reason("dialog.edit_execution", execution)]
    assert not InputItem.objects.exists()


@pytest.mark.parametrize("state", [s for s in STEPS if s != State.EXECUTION])
def test_input_is_registered_only_during_execution(cast, dialogue, state):
    dialogue = put_in_state(dialogue, state)
    with pytest.raises(services.PermissionRefused):
        services.save_input(dialogue_id=dialogue.pk, user=cast.official, data=input_data())


def test_a_forwarded_input_cannot_be_removed(cast, execution):
    (item,) = add_inputs(execution, 1, within_purpose=False)
    Forwarding.objects.create(
        input_item=item, forwarded_to=Forwarding.Target.COMPLAINTS, by=cast.official
    )
    with pytest.raises(services.ConditionsUnmet):
        services.delete_input(
            dialogue_id=execution.pk, user=cast.official, item_id=item.pk, reason="Dubblett"
        )
    assert InputItem.objects.filter(pk=item.pk).exists()


def test_removing_an_activity_keeps_its_inputs(cast, execution):
    activity = add_activity(execution)
    (item,) = add_inputs(execution, 1, activity=activity, source=InputItem.Source.ACTIVITY)
    services.delete_activity(
        dialogue_id=execution.pk, user=cast.official, item_id=activity.pk, reason="Inställd"
    )
    assert InputItem.objects.get(pk=item.pk).activity is None
    # Withdrawn, not deleted (issue 15).
    assert Activity.all_objects.get(pk=activity.pk).withdrawal_reason == "Inställd"


# -- The input register: pages -------------------------------------------------------------


def test_the_register_filters_by_source_theme_and_topic(client, cast, execution):
    letter, email, offtopic = (
        add_inputs(execution, 1, text="Brevet om parken", source=InputItem.Source.LETTER)[0],
        add_inputs(execution, 1, text="Mejlet om bussen", source=InputItem.Source.EMAIL)[0],
        add_inputs(execution, 1, text="Snöröjningen", within_purpose=False)[0],
    )
    theme = Theme.objects.create(dialogue=execution, name="Trafik")
    email.themes.add(theme)
    client.force_login(cast.politician)  # anyone who may read the case reads the register
    url = reverse("dialog:inputs", args=[execution.pk])

    def shown(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return {i.text for i in response.context["page"].object_list}

    assert shown() == {letter.text, email.text, offtopic.text}
    assert shown(source="letter") == {letter.text}
    assert shown(theme=theme.pk) == {email.text}
    assert shown(on_topic="no") == {offtopic.text}
    assert shown(on_topic="yes", q="bussen") == {email.text}
    # A value that is not a choice is ignored, never an error page.
    assert shown(source="telepati") == {letter.text, email.text, offtopic.text}


def test_the_register_offers_editing_only_to_those_who_may(client, cast, execution):
    add_inputs(execution, 1)
    client.force_login(cast.politician)
    page = client.get(reverse("dialog:inputs", args=[execution.pk])).content.decode()
    assert 'id="add-input"' not in page
    client.force_login(cast.official)
    page = client.get(reverse("dialog:inputs", args=[execution.pk])).content.decode()
    assert 'id="add-input"' in page and 'id="import-inputs"' in page


def test_the_register_is_closed_to_outsiders(client, cast, execution):
    client.force_login(cast.outsider)
    assert client.get(reverse("dialog:inputs", args=[execution.pk])).status_code == 403


def test_register_an_input_over_http(client, cast, execution):
    client.force_login(cast.official)
    url = reverse("dialog:add_input", args=[execution.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "text": "Fler papperskorgar",
            "source": "email",
            "received_on": timezone.localdate().isoformat(),
            "age_band": "25-44",
            "gender": "not_stated",
            "within_purpose": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dialog:inputs", args=[execution.pk])
    item = InputItem.objects.get()
    assert (item.source, item.gender, item.created_by) == ("email", "not_stated", cast.official)
    page = client.get(execution.get_absolute_url()).content.decode()
    assert 'id="input-count"' in page


def test_bad_input_forms_are_400_with_field_errors(client, cast, execution):
    client.force_login(cast.official)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("dialog:add_input", args=[execution.pk]),
        {"text": "", "source": "telepati", "received_on": tomorrow, "age_band": "130"},
    )
    assert response.status_code == 400
    assert {"text", "source", "received_on", "age_band"} <= set(response.context["form"].errors)
    assert not InputItem.objects.exists()


def test_input_pages_refuse_others(client, cast, execution):
    (item,) = add_inputs(execution, 1)
    client.force_login(cast.other_official)
    assert client.get(reverse("dialog:add_input", args=[execution.pk])).status_code == 403
    url = reverse("dialog:delete_input", args=[execution.pk, item.pk])
    assert client.post(url).status_code == 403
    assert InputItem.objects.filter(pk=item.pk).exists()


def test_remove_an_input_over_http(client, cast, execution):
    (item,) = add_inputs(execution, 1)
    client.force_login(cast.official)
    url = reverse("dialog:delete_input", args=[execution.pk, item.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 400  # the reason is required (issue 15)
    assert client.post(url, {"reason": "Dubblett"}).status_code == 302
    # Withdrawn, not deleted: out of the working lists, kept with the reason.
    assert not InputItem.objects.exists()
    assert InputItem.all_objects.get(pk=item.pk).withdrawal_reason == "Dubblett"


# -- The demo ------------------------------------------------------------------------------


def test_demo_dialogues_past_planning_have_a_plan_and_inputs(demo):
    after_planning = STEPS[STEPS.index(State.LAUNCH_DECISION) :] + [State.CLOSED]
    dialogues = Dialogue.objects.filter(state__in=after_planning)
    assert dialogues.exists()
    for dialogue in dialogues:
        assert steps.planning.missing(dialogue) == [], dialogue.title
    for dialogue in Dialogue.objects.filter(
        state__in=[*STEPS[STEPS.index(State.COMPILATION) :], State.CLOSED]
    ):
        assert dialogue.inputs.exists(), dialogue.title
        assert dialogue.import_batches.exists(), dialogue.title
        assert not any(a.is_overdue for a in dialogue.activities.all()), dialogue.title

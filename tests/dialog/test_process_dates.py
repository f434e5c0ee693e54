"""Dates follow the process (issue 9): decisions in order and not in the future, activities held
after the launch decision, cancelled ones with a reason; each refusal names both dates."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from dialog import services
from dialog.models import Activity, DecisionPoint, Dialogue, State
from tests.factories import add_activity, put_in_state, record_decision, register_directly
from tests.helpers import run

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def before_launch_message(day, launch):
    return _("The decision date %(date)s is before the launch decision of %(earlier)s.") % {
        "date": day.isoformat(),
        "earlier": launch.isoformat(),
    }


def before_mandate_message(day, mandate):
    return _("The decision date %(date)s is before the mandate decision of %(earlier)s.") % {
        "date": day.isoformat(),
        "earlier": mandate.isoformat(),
    }


def before_submission_message(day, submitted):
    return _(
        "The decision date %(date)s is before the dialogue was submitted to this decision point "
        "on %(submitted)s."
    ) % {"date": day.isoformat(), "submitted": submitted.isoformat()}


@pytest.fixture
def at_launch(cast, dialogue):
    """At the launch decision point, its mandate approved ten days ago (no timeline entry)."""
    dialogue = put_in_state(dialogue, State.LAUNCH_DECISION)
    record_decision(
        dialogue, DecisionPoint.MANDATE, by=cast.politician, decided_on=TODAY() - timedelta(10)
    )
    return dialogue


# -- Decision dates, at the service ---------------------------------------------------------


def test_a_launch_decision_before_the_mandate_decision_is_refused(cast, at_launch):
    mandate_day, too_early = TODAY() - timedelta(10), TODAY() - timedelta(20)
    with pytest.raises(ValidationError) as refused:
        run(at_launch, "approve_launch", cast.politician, comment="Ja.", decided_on=too_early)
    assert refused.value.message_dict == {
        "decided_on": [before_mandate_message(too_early, mandate_day)]
    }
    assert Dialogue.objects.get(pk=at_launch.pk).state == State.LAUNCH_DECISION
    assert not at_launch.decisions.filter(point=DecisionPoint.LAUNCH).exists()
    # The same day as the mandate decision is in order.
    moved = run(at_launch, "approve_launch", cast.politician, comment="Ja.", decided_on=mandate_day)
    assert moved.state == State.EXECUTION


def test_a_final_decision_before_the_launch_decision_is_refused(cast, dialogue):
    dialogue = put_in_state(dialogue, State.DECISION)
    launch_day = TODAY() - timedelta(30)
    record_decision(
        dialogue, DecisionPoint.MANDATE, by=cast.politician, decided_on=launch_day - timedelta(60)
    )
    record_decision(dialogue, DecisionPoint.LAUNCH, by=cast.politician, decided_on=launch_day)
    too_early = launch_day - timedelta(1)
    with pytest.raises(ValidationError) as refused:
        run(dialogue, "decide", cast.politician, comment="Ja.", decided_on=too_early)
    assert refused.value.message_dict["decided_on"] == [
        before_launch_message(too_early, launch_day)
    ]
    assert run(dialogue, "decide", cast.politician, comment="Ja.").state == State.DECISION


def test_a_decision_before_the_submission_to_its_point_is_refused(cast, dialogue):
    register_directly(dialogue)
    submitted = TODAY() - timedelta(5)
    with time_machine.travel(timezone.now() - timedelta(days=5)):
        run(dialogue, "submit_for_mandate", cast.official)
    too_early = submitted - timedelta(1)
    with pytest.raises(ValidationError) as refused:
        run(dialogue, "approve_mandate", cast.politician, comment="Ja.", decided_on=too_early)
    assert refused.value.message_dict["decided_on"] == [
        before_submission_message(too_early, submitted)
    ]
    # Rejecting and returning are decisions too: the same rule.
    with pytest.raises(ValidationError):
        run(dialogue, "reject", cast.politician, comment="Nej.", decided_on=too_early)
    moved = run(dialogue, "approve_mandate", cast.politician, comment="Ja.", decided_on=submitted)
    assert moved.state == State.PLANNING


def test_a_decision_in_the_future_is_refused_naming_both_dates(cast, at_launch):
    tomorrow = TODAY() + timedelta(1)
    with pytest.raises(ValidationError) as refused:
        run(at_launch, "approve_launch", cast.politician, comment="Ja.", decided_on=tomorrow)
    (message,) = refused.value.message_dict["decided_on"]
    assert tomorrow.isoformat() in message and TODAY().isoformat() in message


# -- Decision dates, over HTTP: the form shows the message with both dates -----------------


def test_the_action_form_shows_the_refusal_with_both_dates(client, cast, at_launch):
    from tests.factories import make_meeting

    client.force_login(cast.clerk)
    too_early = TODAY() - timedelta(20)
    meeting = make_meeting(cast.body, too_early)
    response = client.post(
        reverse("dialog:action", args=[at_launch.pk, "approve_launch"]),
        {
            "expected_state": State.LAUNCH_DECISION,
            "meeting": meeting.pk,
            "paragraph": "5",
            "text": "Planen godkänns.",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    message = before_mandate_message(too_early, TODAY() - timedelta(10))
    assert escape(message) in page
    # A meeting decision is dated the day of its meeting: the meeting is what is wrong.
    assert response.context["form"].errors["meeting"] == [message]
    assert response.context["form"]["text"].value() == "Planen godkänns."
    assert Dialogue.objects.get(pk=at_launch.pk).state == State.LAUNCH_DECISION


# -- Activities ----------------------------------------------------------------------------


@pytest.fixture
def executing(cast, at_launch):
    """In execution, the launch approved five days ago."""
    dialogue = put_in_state(at_launch, State.EXECUTION)
    record_decision(
        dialogue, DecisionPoint.LAUNCH, by=cast.politician, decided_on=TODAY() - timedelta(5)
    )
    return dialogue


def hold(dialogue, user, activity, **data):
    return services.save_activity(
        dialogue_id=dialogue.pk,
        user=user,
        data={"status": Activity.Status.HELD, **data},
        item_id=activity.pk,
    )


def test_an_activity_held_before_the_launch_decision_is_refused(cast, executing):
    launch_day = TODAY() - timedelta(5)
    early = add_activity(executing, starts_at=timezone.now() - timedelta(days=8))
    with pytest.raises(ValidationError) as refused:
        hold(executing, cast.official, early)
    (message,) = refused.value.message_dict["status"]
    assert message == _(
        "The activity cannot be marked held: its date %(date)s is before the launch decision of "
        "%(launch)s."
    ) % {
        "date": timezone.localtime(early.starts_at).date().isoformat(),
        "launch": launch_day.isoformat(),
    }
    assert Activity.objects.get(pk=early.pk).status == Activity.Status.PLANNED
    # Dated on or after the launch, it may be marked held.
    assert hold(executing, cast.official, early, starts_at=timezone.now()).status == "held"


def test_an_activity_cannot_be_marked_held_before_its_date(cast, executing):
    coming = add_activity(executing)  # in 30 days
    with pytest.raises(ValidationError) as refused:
        hold(executing, cast.official, coming)
    (message,) = refused.value.message_dict["status"]
    assert timezone.localtime(coming.starts_at).date().isoformat() in message
    assert TODAY().isoformat() in message


def test_a_cancelled_activity_needs_a_reason(cast, executing):
    activity = add_activity(executing)
    cancel = {"status": Activity.Status.CANCELLED}
    with pytest.raises(ValidationError) as refused:
        services.save_activity(
            dialogue_id=executing.pk, user=cast.official, data=cancel, item_id=activity.pk
        )
    assert set(refused.value.message_dict) == {"cancel_reason"}
    saved = services.save_activity(
        dialogue_id=executing.pk,
        user=cast.official,
        data={**cancel, "cancel_reason": "Lokalen var inte ledig."},
        item_id=activity.pk,
    )
    assert (saved.status, saved.cancel_reason) == ("cancelled", "Lokalen var inte ledig.")


def activity_form(activity, **changes):
    data = {
        "title": activity.title,
        "method": activity.method_id or "",
        "starts_at": timezone.localtime(activity.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": "",
        "place": activity.place,
        "link": "",
        "target_groups": activity.target_groups,
        "responsible": activity.responsible_id,
        "status": activity.status,
        "cancel_reason": "",
    }
    data.update(changes)
    return data


def test_the_activity_form_asks_for_the_reason_and_names_the_launch_date(client, cast, executing):
    activity = add_activity(executing, starts_at=timezone.now() - timedelta(days=8))
    url = reverse("dialog:edit_activity", args=[executing.pk, activity.pk])
    client.force_login(cast.official)

    response = client.post(url, activity_form(activity, status="cancelled"))
    assert response.status_code == 400
    assert "cancel_reason" in response.context["form"].errors

    response = client.post(url, activity_form(activity, status="held"))
    assert response.status_code == 400
    page = response.content.decode()
    assert (TODAY() - timedelta(5)).isoformat() in page
    assert timezone.localtime(activity.starts_at).date().isoformat() in page
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.PLANNED

    response = client.post(
        url, activity_form(activity, status="cancelled", cancel_reason="Inställt: storm.")
    )
    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).cancel_reason == "Inställt: storm."


def test_the_compilation_waits_for_every_activity(cast, executing):
    """Held or cancelled, every one: a planned activity keeps the dialogue in execution."""
    from tests.factories import add_inputs

    add_inputs(executing, 1)
    held = add_activity(executing, title="Dialogcafé", starts_at=timezone.now())
    planned = add_activity(executing, title="Workshop i skolan")
    hold(executing, cast.official, held)
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(executing, "start_compilation", cast.official)
    (reason,) = refused.value.reasons
    assert "Workshop i skolan" in reason and "Dialogcafé" not in reason
    services.save_activity(
        dialogue_id=executing.pk,
        user=cast.official,
        data={"status": Activity.Status.CANCELLED, "cancel_reason": "För få anmälda."},
        item_id=planned.pk,
    )
    assert run(executing, "start_compilation", cast.official).state == State.COMPILATION


def test_the_launch_date_rule_uses_the_local_day(cast, executing):
    """An activity at 00:30 local time on the launch day is held on that day, whatever UTC says."""
    launch_day = TODAY() - timedelta(5)
    early_morning = timezone.make_aware(
        datetime.combine(launch_day, datetime.min.time()) + timedelta(minutes=30)
    )
    activity = add_activity(executing, starts_at=early_morning)
    assert hold(executing, cast.official, activity).status == Activity.Status.HELD

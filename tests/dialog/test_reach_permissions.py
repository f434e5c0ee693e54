"""Who may record reach and evaluate a held activity, over HTTP and in the services (issue 16):
the pages answer exactly as `dialog.evaluate_activities` says (tests/dialog/rules/
test_evaluate_activities.py walks the rule through every state)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialog import services
from dialog.models import Activity, ActivityEvaluation, ActivityReach, Assignment, State
from roles.models import Membership
from tests.factories import add_activity, make_member, put_in_state
from tests.helpers import has, login

PAGES = ("dialog:record_reach", "dialog:evaluate_activity")


@pytest.fixture
def held(cast, dialogue):
    expert = make_member(cast.body, Membership.Role.OFFICIAL, first_name="Elin")
    Assignment.objects.create(dialogue=dialogue, person=expert, role=Assignment.Role.EXPERT)
    activity = add_activity(
        dialogue, starts_at=timezone.now() - timedelta(days=1), status=Activity.Status.HELD
    )
    return dialogue, activity, expert


def people(cast, expert):
    return {
        "responsible": cast.official,
        "expert": expert,
        "other_official": cast.other_official,
        "politician": cast.politician,
        "clerk": cast.clerk,
        "other_politician": cast.other_politician,
        "outsider": cast.outsider,
    }


MAY = {"responsible", "expert"}


@pytest.mark.parametrize(
    "state", [State.EXECUTION, State.COMPILATION, State.PLANNING, State.FEEDBACK]
)
def test_the_pages_answer_as_the_rule_says(client, cast, held, state):
    dialogue, activity, expert = held
    dialogue = put_in_state(dialogue, state)
    may_edit = state in (State.EXECUTION, State.COMPILATION)
    for role, person in people(cast, expert).items():
        login(client, person)
        for name in PAGES:
            response = client.get(reverse(name, args=[dialogue.pk, activity.pk]))
            expected = 200 if may_edit and role in MAY else 403
            assert response.status_code == expected, (role, name, state)
        # The dialogue page offers the links exactly then.
        page = client.get(dialogue.get_absolute_url())
        assert has(page, ".record-reach-link") == (may_edit and role in MAY), (role, state)
    client.logout()
    response = client.get(reverse(PAGES[0], args=[dialogue.pk, activity.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_refused_post_saves_nothing(client, cast, held):
    dialogue, activity, _expert = held
    dialogue = put_in_state(dialogue, State.EXECUTION)
    group = dialogue.target_groups.first()
    login(client, cast.other_official)
    response = client.post(
        reverse("dialog:record_reach", args=[dialogue.pk, activity.pk]),
        {f"group_{group.pk}": "4", "version": services.NOTHING_RECORDED},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("dialog:evaluate_activity", args=[dialogue.pk, activity.pk]),
        {"what_worked": "Inget."},
    )
    assert response.status_code == 403
    assert not ActivityReach.objects.exists() and not ActivityEvaluation.objects.exists()


@pytest.mark.parametrize("state", [State.PLANNING, State.FEEDBACK, State.CLOSED])
def test_the_services_refuse_outside_execution_and_compilation(cast, held, state):
    dialogue, activity, _expert = held
    dialogue = put_in_state(dialogue, state)
    group = dialogue.target_groups.first()
    with pytest.raises(services.PermissionRefused):
        services.record_reach(
            dialogue_id=dialogue.pk,
            user=cast.official,
            activity_id=activity.pk,
            counts={group.pk: 1},
        )
    with pytest.raises(services.PermissionRefused):
        services.save_activity_evaluation(
            dialogue_id=dialogue.pk,
            user=cast.official,
            activity_id=activity.pk,
            data={"what_worked": "Bra."},
        )


def test_the_expert_records_during_the_compilation(cast, held):
    dialogue, activity, expert = held
    dialogue = put_in_state(dialogue, State.COMPILATION)
    group = dialogue.target_groups.first()
    services.record_reach(
        dialogue_id=dialogue.pk, user=expert, activity_id=activity.pk, counts={group.pk: 3}
    )
    evaluation = services.save_activity_evaluation(
        dialogue_id=dialogue.pk, user=expert, activity_id=activity.pk, data={"what_worked": "Bra."}
    )
    assert ActivityReach.objects.get().participants == 3
    assert evaluation.written_by == expert

"""No destruction without a decision (issue 15): what an official "removes" from a step's list
is withdrawn with a reason, stays in the database and its history, and leaves the working
lists, the counts and the PDFs; case records cannot be deleted in the admin."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from dialog import selectors_counts, services
from dialog.models import (
    ActionItem,
    CommunicationItem,
    Forwarding,
    InputItem,
    PlannedDecisionPoint,
    ProposalPoint,
    State,
    Theme,
)
from tests.dialog.test_scale_counts import assert_counts_right, bulk_views, recount, stored
from tests.factories import add_activity, add_inputs, make_superuser, put_in_state
from tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def executing(dialogue):
    return put_in_state(dialogue, State.EXECUTION)


@pytest.fixture
def compiling(dialogue):
    dialogue = put_in_state(dialogue, State.COMPILATION)
    for i in range(3):
        Theme.objects.create(dialogue=dialogue, name=f"Tema {i}")
    return dialogue


def test_a_withdrawn_input_is_kept_with_who_when_and_why(cast, executing):
    (item,) = add_inputs(executing, 1)
    services.delete_input(
        dialogue_id=executing.pk, user=cast.official, item_id=item.pk, reason=" Dubblett "
    )
    kept = InputItem.all_objects.get(pk=item.pk)
    assert kept.is_withdrawn
    assert kept.withdrawn_by == cast.official
    assert kept.withdrawal_reason == "Dubblett"
    # Out of the working lists and every reverse relation; its history has the withdrawal.
    assert not InputItem.objects.filter(pk=item.pk).exists()
    assert not executing.inputs.exists()
    last = kept.history.first()
    assert last.withdrawal_reason == "Dubblett" and last.history_user == cast.official


def test_a_withdrawal_needs_a_reason(cast, executing):
    (item,) = add_inputs(executing, 1)
    with pytest.raises(ValidationError) as refused:
        services.delete_input(
            dialogue_id=executing.pk, user=cast.official, item_id=item.pk, reason="  "
        )
    assert "reason" in refused.value.error_dict
    assert InputItem.objects.filter(pk=item.pk).exists()


def test_withdrawn_inputs_leave_the_counts_exact(cast, compiling):
    """The triggers count a withdrawal as a removal: the stored counts equal a recount of the
    inputs in force, tagged or not, within the purpose or not, on both databases."""
    items = bulk_views(compiling, 30, cast.official)
    assert_counts_right(compiling)
    before = stored(compiling)[0, "total", "", True] + stored(compiling)[0, "total", "", False]
    withdrawn = [i for i in items if i.pk % 3 == 0][:6]  # tagged and untagged, both purposes
    put_in_state(compiling, State.EXECUTION)  # inputs are withdrawn while they are collected
    for item in withdrawn:
        services.delete_input(
            dialogue_id=compiling.pk, user=cast.official, item_id=item.pk, reason="Fel ärende"
        )
    assert_counts_right(compiling)
    totals = selectors_counts.Counts(compiling).totals
    assert totals.within + totals.off_topic == before - len(withdrawn) == 24
    # A withdrawn input's tags count nothing while they stay: changing them changes nothing.
    gone = InputItem.all_objects.get(pk=withdrawn[0].pk)
    InputItem.themes.through.objects.filter(inputitem_id=gone.pk).delete()
    InputItem.themes.through.objects.create(inputitem_id=gone.pk, theme=compiling.themes.first())
    assert_counts_right(compiling)
    # An update of a withdrawn input (a correction of its history) counts nothing either.
    InputItem.all_objects.filter(pk=gone.pk).update(area="Någonstans")
    assert_counts_right(compiling)


def test_recount_leaves_withdrawn_inputs_out(cast, compiling):
    from io import StringIO

    from django.core.management import call_command

    items = bulk_views(compiling, 10, cast.official)
    put_in_state(compiling, State.EXECUTION)
    services.delete_input(
        dialogue_id=compiling.pk, user=cast.official, item_id=items[0].pk, reason="Dubblett"
    )
    right = stored(compiling)
    call_command("recount_inputs", dialogue=[compiling.pk], stdout=StringIO())
    assert stored(compiling) == right == recount(compiling)


def test_a_withdrawn_theme_untags_its_inputs_and_its_name_is_free(cast, compiling):
    items = bulk_views(compiling, 12, cast.official)
    theme = compiling.themes.order_by("pk").first()
    tagged = theme.inputs.count()
    assert tagged
    services.delete_theme(
        dialogue_id=compiling.pk, user=cast.official, item_id=theme.pk, reason="Slås ihop"
    )
    assert_counts_right(compiling)
    assert selectors_counts.Counts(compiling).n("total", theme_id=theme.pk, within=True) == 0
    assert Theme.all_objects.get(pk=theme.pk).is_withdrawn
    assert len(items) == 12
    # The unique name holds among the themes in force only.
    services.save_theme(dialogue_id=compiling.pk, user=cast.official, data={"name": theme.name})


def test_a_withdrawn_activity_keeps_its_inputs_with_history(cast, executing):
    activity = add_activity(executing)
    (item,) = add_inputs(executing, 1, activity=activity, source=InputItem.Source.ACTIVITY)
    services.delete_activity(
        dialogue_id=executing.pk, user=cast.official, item_id=activity.pk, reason="Ställdes in"
    )
    item = InputItem.objects.get(pk=item.pk)
    assert item.activity is None
    assert item.history.first().history_user == cast.official  # the unlinking is in its history
    assert_counts_right(executing)
    assert not executing.activities.exists()


def test_a_forwarded_input_is_not_withdrawn_until_its_forwarding_is(cast, executing):
    (item,) = add_inputs(executing, 1, within_purpose=False)
    forwarding = Forwarding.objects.create(
        input_item=item, forwarded_to=Forwarding.Target.COMPLAINTS, by=cast.official
    )
    with pytest.raises(services.ConditionsUnmet):
        services.delete_input(
            dialogue_id=executing.pk, user=cast.official, item_id=item.pk, reason="Fel"
        )
    forwarding.withdrawn_at = forwarding.withdrawn_by = None
    put_in_state(executing, State.FEEDBACK)
    services.delete_forwarding(
        dialogue_id=executing.pk, user=cast.official, item_id=forwarding.pk, reason="Misstag"
    )
    assert Forwarding.all_objects.get(pk=forwarding.pk).withdrawal_reason == "Misstag"
    assert not item.forwardings.exists()


@pytest.mark.parametrize(
    ("model", "state", "make", "url_name"),
    [
        (
            CommunicationItem,
            State.PLANNING,
            lambda d: CommunicationItem.objects.create(dialogue=d, channel="Webb", message="Hej"),
            "dialog:delete_communication",
        ),
        (
            PlannedDecisionPoint,
            State.PLANNING,
            lambda d: PlannedDecisionPoint.objects.create(
                dialogue=d, point="final", planned_on="2030-01-01"
            ),
            "dialog:delete_decision_point",
        ),
        (
            ActionItem,
            State.DECISION,
            lambda d: ActionItem.objects.create(dialogue=d, action="Belysning"),
            "dialog:delete_action_item",
        ),
    ],
)
def test_the_remove_page_asks_why_and_withdraws(
    client, cast, dialogue, model, state, make, url_name
):
    # The action plan is edited once the final decision is recorded.
    dialogue = put_in_state(dialogue, state, final_decision=state == State.DECISION)
    item = make(dialogue)
    login(client, cast.official)
    url = reverse(url_name, args=[dialogue.pk, item.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert model.objects.filter(pk=item.pk).exists()
    assert client.post(url, {"reason": "Planen ändrades"}).status_code == 302
    assert not model.objects.filter(pk=item.pk).exists()
    assert model.all_objects.get(pk=item.pk).withdrawal_reason == "Planen ändrades"


def test_a_withdrawn_decision_point_can_be_planned_again(cast, dialogue):
    planning = put_in_state(dialogue, State.PLANNING)
    point = services.save_planned_decision_point(
        dialogue_id=planning.pk,
        user=cast.official,
        data={"point": "final", "planned_on": "2030-01-01"},
    )
    services.delete_planned_decision_point(
        dialogue_id=planning.pk, user=cast.official, item_id=point.pk, reason="Nytt datum"
    )
    services.save_planned_decision_point(
        dialogue_id=planning.pk,
        user=cast.official,
        data={"point": "final", "planned_on": "2030-02-01"},
    )
    assert PlannedDecisionPoint.all_objects.filter(dialogue=planning).count() == 2


def test_a_withdrawn_proposal_point_keeps_its_number(cast, dialogue):
    processing = put_in_state(dialogue, State.PROCESSING)
    a, b, c = (
        services.save_proposal_point(
            dialogue_id=processing.pk, user=cast.official, data={"text": t}
        )
        for t in "ABC"
    )
    services.delete_proposal_point(
        dialogue_id=processing.pk, user=cast.official, item_id=a.pk, reason="Utgår"
    )
    assert list(ProposalPoint.objects.order_by("number").values_list("number", "text")) == [
        (1, "B"),
        (2, "C"),
    ]
    assert ProposalPoint.all_objects.get(pk=a.pk).number == 1


def test_the_migration_kept_the_triggers_and_the_offtopic_index():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = 'inputitem_offtopic'"
            )
            assert cursor.fetchone()
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'inputcount_inputs_updated'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'inputitem_offtopic'")
            assert cursor.fetchone()
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'inputcount_inputs_updated'")
        assert "withdrawn_at" in cursor.fetchone()[0]


# -- The admin -------------------------------------------------------------------------------

CASE_RECORDS = {
    "dialog.dialogue",
    "dialog.decision",
    "dialog.inputitem",
    "dialog.activity",
    "dialog.theme",
    "dialog.actionitem",
    "dialog.method",
    "reports.report",
    "governance.steeringdocument",
    "governance.delegationorder",
}


def test_no_case_record_can_be_deleted_in_the_admin(db):
    request = RequestFactory().get("/admin/")
    request.user = make_superuser()
    checked = set()
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label not in CASE_RECORDS:
            continue
        checked.add(label)
        assert not model_admin.has_delete_permission(request), label
        assert "delete_selected" not in model_admin.get_actions(request), label
    assert {"reports.report", "governance.steeringdocument"} <= checked


def test_a_withdrawn_input_leaves_the_register_and_the_reports_counts(client, cast, executing):
    from reports.selectors.pieces import views_by_source

    kept, gone = add_inputs(executing, 2, text="Synpunkt")
    InputItem.objects.filter(pk=kept.pk).update(text="Kvar i registret")
    InputItem.objects.filter(pk=gone.pk).update(text="Återkallad synpunkt")
    services.delete_input(
        dialogue_id=executing.pk, user=cast.official, item_id=gone.pk, reason="Dubblett"
    )
    login(client, cast.official)
    page = client.get(reverse("dialog:inputs", args=[executing.pk])).content.decode()
    assert "Kvar i registret" in page
    assert "Återkallad synpunkt" not in page
    # What the dialogue report and its PDF count (the stored counts).
    assert views_by_source(executing)["total"] == 1

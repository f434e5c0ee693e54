"""Planning (step 3): activities, the communication plan, the later decision points, the method
catalogue's warning, and what `submit_for_launch` needs [SAN][SOL]."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dialog import services
from dialog.models import (
    Activity,
    Assignment,
    CommunicationItem,
    DecisionPoint,
    Dialogue,
    Method,
    ParticipationLevel,
    PlannedDecisionPoint,
    State,
)
from dialog.rules import denied_reason
from tests.factories import add_activity, complete_planning, make_dialogue, put_in_state
from tests.helpers import text

MISSING_ACTIVITY = "at least one activity with a date and a place or a link"
MISSING_FEEDBACK = "a communication plan item that tells how the result will be fed back"
MISSING_FINAL = "the planned date of the final decision"


@pytest.fixture
def planning(dialogue):
    return put_in_state(dialogue, State.PLANNING)


def submit(dialogue, user):
    return services.run_transition(
        dialogue_id=dialogue.pk, name="submit_for_launch", user=user, expected_state="planning"
    )


def refusal(dialogue, user) -> list[str]:
    with pytest.raises(services.ConditionsUnmet) as refused:
        submit(dialogue, user)
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.PLANNING
    return refused.value.reasons


# -- The conditions of submit_for_launch ----------------------------------------------------


def test_an_empty_plan_is_refused_with_every_missing_part(cast, planning):
    assert refusal(planning, cast.official) == [
        _(MISSING_ACTIVITY),
        _(MISSING_FEEDBACK),
        _(MISSING_FINAL),
    ]


@pytest.mark.parametrize(
    ("leave_out", "reason"),
    [
        ("activity", MISSING_ACTIVITY),
        ("feedback", MISSING_FEEDBACK),
        ("final", MISSING_FINAL),
    ],
)
def test_each_part_of_the_plan_is_required(cast, planning, leave_out, reason):
    complete_planning(planning)
    if leave_out == "activity":
        planning.activities.all().delete()
    elif leave_out == "feedback":
        CommunicationItem.objects.filter(dialogue=planning).update(tells_feedback=False)
    else:
        PlannedDecisionPoint.objects.filter(dialogue=planning).update(point=DecisionPoint.LAUNCH)
    assert refusal(planning, cast.official) == [_(reason)]


def test_an_activity_needs_a_date_and_a_place_or_a_link(cast, planning):
    complete_planning(planning)
    activity = planning.activities.get()
    Activity.objects.filter(pk=activity.pk).update(place="", link="")
    assert refusal(planning, cast.official) == [_(MISSING_ACTIVITY)]
    Activity.objects.filter(pk=activity.pk).update(link="https://example.se/dialog")
    Activity.objects.filter(pk=activity.pk).update(starts_at=None)
    assert refusal(planning, cast.official) == [_(MISSING_ACTIVITY)]
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now())
    assert submit(planning, cast.official).state == State.LAUNCH_DECISION


def test_a_complete_plan_goes_to_the_launch_decision(cast, planning):
    complete_planning(planning)
    assert submit(planning, cast.official).state == State.LAUNCH_DECISION


def test_the_page_lists_what_the_plan_lacks(client, cast, planning):
    client.force_login(cast.official)
    page = client.get(planning.get_absolute_url()).content.decode()
    unavailable = text(page, "#unavailable")
    for reason in (MISSING_ACTIVITY, MISSING_FEEDBACK, MISSING_FINAL):
        assert _(reason) in unavailable


# -- Services: saving the plan -------------------------------------------------------------


def activity_data(**overrides):
    data = {
        "title": "Dialogcafé",
        "method": Method.objects.get(name="Dialogcafé"),
        "starts_at": timezone.now() + timedelta(days=7),
        "ends_at": None,
        "place": "Biblioteket",
        "link": "",
        "target_groups": "Unga",
        "responsible": None,
        "status": Activity.Status.PLANNED,
    }
    data.update(overrides)
    return data


def test_save_activity_with_politicians_and_history(cast, planning):
    activity = services.save_activity(
        dialogue_id=planning.pk,
        user=cast.official,
        data=activity_data(responsible=cast.official),
        politicians=[cast.politician],
    )
    assert list(activity.politicians.all()) == [cast.politician]
    assert {h.history_user for h in activity.history.all()} == {cast.official}
    changed = services.save_activity(
        dialogue_id=planning.pk,
        user=cast.official,
        data=activity_data(title="Dialogcafé i Norrby"),
        item_id=activity.pk,
    )
    assert (changed.pk, changed.title, list(changed.politicians.all())) == (
        activity.pk,
        "Dialogcafé i Norrby",
        [],
    )


def test_an_activity_cannot_end_before_it_starts(cast, planning):
    starts = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        services.save_activity(
            dialogue_id=planning.pk,
            user=cast.official,
            data=activity_data(starts_at=starts, ends_at=starts - timedelta(hours=1)),
        )
    assert "ends_at" in error.value.error_dict
    assert not Activity.objects.exists()


def test_activity_people_are_checked(cast, planning):
    with pytest.raises(ValidationError) as error:
        services.save_activity(
            dialogue_id=planning.pk,
            user=cast.official,
            data=activity_data(responsible=cast.politician),
            politicians=[cast.other_official],
        )
    assert set(error.value.error_dict) == {"responsible", "politicians"}


def test_an_inactive_method_cannot_be_chosen_anew(cast, planning):
    method = Method.objects.get(name="Workshop")
    method.is_active = False
    method.save()
    with pytest.raises(ValidationError) as error:
        services.save_activity(
            dialogue_id=planning.pk, user=cast.official, data=activity_data(method=method)
        )
    assert "method" in error.value.error_dict


def test_a_decision_point_is_planned_once(cast, planning):
    data = {
        "point": DecisionPoint.FINAL,
        "label": "",
        "planned_on": timezone.localdate(),
        "body": cast.body,
    }
    services.save_planned_decision_point(dialogue_id=planning.pk, user=cast.official, data=data)
    with pytest.raises(ValidationError) as error:
        services.save_planned_decision_point(dialogue_id=planning.pk, user=cast.official, data=data)
    assert "point" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.save_planned_decision_point(
            dialogue_id=planning.pk, user=cast.official, data={**data, "point": ""}
        )
    assert "label" in error.value.error_dict


def test_communication_item_saved_and_removed(cast, planning):
    item = services.save_communication_item(
        dialogue_id=planning.pk,
        user=cast.official,
        data={"channel": "Webb", "message": "Inbjudan", "tells_feedback": True},
    )
    services.delete_communication_item(
        dialogue_id=planning.pk, user=cast.official, item_id=item.pk, reason="Fel kanal"
    )
    assert not CommunicationItem.objects.exists()
    assert CommunicationItem.all_objects.get(pk=item.pk).withdrawn_by == cast.official
    with pytest.raises(services.Conflict):
        services.delete_communication_item(
            dialogue_id=planning.pk, user=cast.official, item_id=item.pk, reason="Igen"
        )


# -- Permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["politician", "clerk", "other_official", "outsider"])
def test_only_the_officials_of_the_dialogue_edit_the_plan(cast, planning, role):
    user = getattr(cast, role)
    with pytest.raises(services.PermissionRefused) as refused:
        services.save_communication_item(
            dialogue_id=planning.pk, user=user, data={"channel": "Webb", "message": "Hej"}
        )
    assert refused.value.reasons == [denied_reason("dialog.edit_planning", planning)]
    with pytest.raises(services.PermissionRefused):
        services.save_activity(dialogue_id=planning.pk, user=user, data=activity_data())
    assert not Activity.objects.exists() and not CommunicationItem.objects.exists()


def test_an_assigned_expert_may_edit_the_plan(cast, planning):
    Assignment.objects.create(
        dialogue=planning, person=cast.other_official, role=Assignment.Role.EXPERT
    )
    item = services.save_communication_item(
        dialogue_id=planning.pk,
        user=cast.other_official,
        data={"channel": "Webb", "message": "Hej"},
    )
    assert item.pk


@pytest.mark.parametrize("state", [State.INITIATIVE, State.LAUNCH_DECISION, State.COMPILATION])
def test_the_plan_is_edited_only_at_planning(cast, dialogue, state):
    dialogue = put_in_state(dialogue, state)
    with pytest.raises(services.PermissionRefused):
        services.save_communication_item(
            dialogue_id=dialogue.pk, user=cast.official, data={"channel": "W", "message": "H"}
        )


def test_activities_may_still_be_updated_during_execution(cast, dialogue):
    dialogue = put_in_state(dialogue, State.EXECUTION)
    # Held yesterday: an activity is not marked held before its date (issue 9).
    activity = add_activity(dialogue, starts_at=timezone.now() - timedelta(days=1))
    services.save_activity(
        dialogue_id=dialogue.pk,
        user=cast.official,
        data={"status": Activity.Status.HELD},
        item_id=activity.pk,
    )
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.HELD


# -- The method catalogue and its warning ---------------------------------------------------


def test_the_catalogue_ships_with_methods_for_every_level(db):
    names = set(Method.objects.values_list("name", flat=True))
    assert {"Fokusgrupp", "Medborgarpanel", "Webbenkät", "Dialogcafé", "Workshop"} <= names
    assert {"Trygghetsvandring", "Medborgarbudget", "Öppet möte"} <= names
    covered = {level for m in Method.objects.all() for level in m.participation_levels}
    assert covered == set(ParticipationLevel.values)


def test_a_method_that_does_not_suit_the_level_warns_but_is_allowed(client, cast, planning):
    survey = Method.objects.get(name="Webbenkät")  # consultation only; the dialogue is "dialog"
    activity = services.save_activity(
        dialogue_id=planning.pk,
        user=cast.official,
        data=activity_data(title="Enkät", method=survey),
    )
    assert activity.method_warning
    assert survey.name in activity.method_warning
    client.force_login(cast.official)
    page = client.get(planning.get_absolute_url()).content.decode()
    assert 'class="notice notice--warning method-warning"' in page
    assert activity.method_warning in page.replace("&#x27;", "'")


def test_a_suitable_method_gives_no_warning(client, cast, planning):
    activity = add_activity(planning)  # dialogue café suits "dialog"
    assert activity.method_warning == ""
    client.force_login(cast.official)
    page = client.get(planning.get_absolute_url()).content.decode()
    assert "method-warning" not in page


def test_saving_an_unsuitable_method_shows_the_warning_after_saving(client, cast, planning):
    client.force_login(cast.official)
    response = client.post(
        reverse("dialog:add_activity", args=[planning.pk]),
        {
            "title": "Enkät",
            "method": Method.objects.get(name="Webbenkät").pk,
            "starts_at": "2030-05-01T18:00",
            "link": "https://example.se/enkat",
            "status": "planned",
        },
        follow=True,
    )
    assert response.status_code == 200
    levels = [str(m) for m in response.context["messages"]]
    assert Activity.objects.get().method_warning in levels


def test_method_clean_refuses_unknown_levels(db):
    method = Method(name="Hittepå", participation_levels=["allt"])
    with pytest.raises(ValidationError):
        method.full_clean()


# -- Pages ---------------------------------------------------------------------------------


def test_add_edit_and_remove_an_activity_over_http(client, cast, planning):
    client.force_login(cast.official)
    url = reverse("dialog:add_activity", args=[planning.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Trygghetsvandring",
            "method": Method.objects.get(name="Trygghetsvandring").pk,
            "starts_at": "2030-05-01T18:00",
            "ends_at": "2030-05-01T20:00",
            "place": "Busstationen",
            "responsible": cast.official.pk,
            "politicians": [cast.politician.pk],
            "status": "planned",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert list(activity.politicians.all()) == [cast.politician]
    page = client.get(planning.get_absolute_url()).content.decode()
    assert "Trygghetsvandring" in text(page, "#planning")

    edit = reverse("dialog:edit_activity", args=[planning.pk, activity.pk])
    assert client.get(edit).status_code == 200
    bad = client.post(edit, {"title": "", "status": "planned"})
    assert bad.status_code == 400
    assert "title" in bad.context["form"].errors

    remove = reverse("dialog:delete_activity", args=[planning.pk, activity.pk])
    assert client.get(remove).status_code == 200
    assert client.post(remove, {"reason": "Ersätts av en enkät"}).status_code == 302
    assert not Activity.objects.exists()
    assert Activity.all_objects.get(pk=activity.pk).is_withdrawn


def test_communication_and_decision_point_forms(client, cast, planning):
    client.force_login(cast.official)
    response = client.post(
        reverse("dialog:add_communication", args=[planning.pk]),
        {"channel": "Webb", "message": "Så återkopplar vi", "tells_feedback": "on"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("dialog:add_decision_point", args=[planning.pk]),
        {"point": "final", "planned_on": "2030-09-01", "body": cast.body.pk},
    )
    assert response.status_code == 302
    duplicate = client.post(
        reverse("dialog:add_decision_point", args=[planning.pk]),
        {"point": "final", "planned_on": "2030-10-01", "body": cast.body.pk},
    )
    assert duplicate.status_code == 400
    assert "point" in duplicate.context["form"].errors
    page = client.get(planning.get_absolute_url()).content.decode()
    assert "2030-09-01" in text(page, "#planned-decision-points")


def test_plan_pages_refuse_others_with_the_reason(client, cast, planning):
    client.force_login(cast.politician)
    response = client.get(reverse("dialog:add_communication", args=[planning.pk]))
    assert response.status_code == 403
    assert denied_reason("dialog.edit_planning", planning) in response.content.decode()
    assert client.post(reverse("dialog:add_activity", args=[planning.pk]), {}).status_code == 403


def test_an_item_of_another_dialogue_is_not_found(client, cast, planning):
    other = complete_planning(put_in_state(make_dialogue(cast, title="Annan"), State.PLANNING))
    foreign = other.activities.get()
    client.force_login(cast.official)
    url = reverse("dialog:edit_activity", args=[planning.pk, foreign.pk])
    assert client.get(url).status_code == 404
    url = reverse("dialog:delete_activity", args=[planning.pk, foreign.pk])
    assert client.post(url).status_code == 404
    assert Activity.objects.filter(pk=foreign.pk).exists()


def test_the_plan_is_hidden_before_planning_and_shown_read_only_after(client, cast, dialogue):
    client.force_login(cast.official)
    page = client.get(dialogue.get_absolute_url()).content.decode()
    assert 'id="planning"' not in page
    complete_planning(dialogue)
    launched = put_in_state(dialogue, State.LAUNCH_DECISION)
    page = client.get(launched.get_absolute_url()).content.decode()
    assert 'id="planning"' in page and 'id="add-activity"' not in page


def test_the_method_catalogue_is_edited_in_admin(client, db):
    from tests.factories import make_superuser

    client.force_login(make_superuser())
    assert client.get(reverse("admin:dialog_method_changelist")).status_code == 200
    response = client.post(
        reverse("admin:dialog_method_add"),
        {
            "name": "Ritverkstad",
            "description": "Barn ritar sina idéer.",
            "participation_levels": ["konsultation", "dialog"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Method.objects.get(name="Ritverkstad").participation_levels == [
        "konsultation",
        "dialog",
    ]

"""Reach per target group and activity evaluations (issue 16): the services, the forms, the
dialogue page, step 9's evaluation and the compilation's condition under Hagfors."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialog import reach, services
from dialog.models import (
    Activity,
    ActivityEvaluation,
    ActivityReach,
    Dialogue,
    State,
    TargetGroup,
)
from governance import services as governance_services
from tests.factories import (
    add_activity,
    add_inputs,
    complete_decision_followup,
    make_dialogue,
    put_in_state,
    use_profile,
)
from tests.helpers import element, has, login, parse, text, texts


@pytest.fixture
def execution(dialogue):
    return put_in_state(dialogue, State.EXECUTION)


def held_activity(dialogue, title="Dialogcafé på biblioteket", **extra):
    return add_activity(
        dialogue,
        title=title,
        starts_at=timezone.now() - timedelta(days=2),
        status=Activity.Status.HELD,
        **extra,
    )


def groups(dialogue) -> dict[str, TargetGroup]:
    return {g.group: g for g in TargetGroup.objects.filter(dialogue=dialogue)}


def leave_out(dialogue, key, reason="Berörs inte av frågan."):
    TargetGroup.objects.filter(dialogue=dialogue, group=key).update(included=False, reason=reason)


def record(dialogue, activity, user, **counts):
    by_key = groups(dialogue)
    return services.record_reach(
        dialogue_id=dialogue.pk,
        user=user,
        activity_id=activity.pk,
        counts={by_key[key].pk: n for key, n in counts.items()},
    )


def evaluate(dialogue, activity, user, **data):
    data.setdefault("what_worked", "Små bord gav samtal.")
    return services.save_activity_evaluation(
        dialogue_id=dialogue.pk, user=user, activity_id=activity.pk, data=data
    )


def compile_(dialogue, user):
    return services.run_transition(
        dialogue_id=dialogue.pk, name="start_compilation", user=user, expected_state="execution"
    )


def page(client, user, dialogue):
    return login(client, user).get(dialogue.get_absolute_url())


def reach_url(dialogue, activity):
    return reverse("dialog:record_reach", args=[dialogue.pk, activity.pk])


def evaluation_url(dialogue, activity):
    return reverse("dialog:evaluate_activity", args=[dialogue.pk, activity.pk])


def form_data(dialogue, **counts) -> dict:
    by_key = groups(dialogue)
    return {f"group_{by_key[key].pk}": str(n) for key, n in counts.items()}


# -- Recording reach: the service ------------------------------------------------------------


def test_reach_is_recorded_per_target_group_and_corrected_with_history(cast, execution):
    activity = held_activity(execution)
    record(execution, activity, cast.official, children_young=12, pensioners_council=0)
    saved = {
        r.target_group.group: r.participants
        for r in ActivityReach.objects.filter(activity=activity)
    }
    assert saved == {"children_young": 12, "pensioners_council": 0}
    record(execution, activity, cast.official, children_young=14)
    row = ActivityReach.objects.get(activity=activity, target_group__group="children_young")
    assert row.participants == 14
    history = list(row.history.order_by("history_id").values_list("participants", "history_user"))
    assert history == [(12, cast.official.pk), (14, cast.official.pk)]
    # Groups not given keep what was recorded.
    assert (
        ActivityReach.objects.get(
            activity=activity, target_group__group="pensioners_council"
        ).participants
        == 0
    )


def test_reach_is_refused_for_a_negative_count_and_a_group_left_out(cast, execution):
    activity = held_activity(execution)
    leave_out(execution, "national_minorities")
    by_key = groups(execution)
    with pytest.raises(ValidationError) as refused:
        services.record_reach(
            dialogue_id=execution.pk,
            user=cast.official,
            activity_id=activity.pk,
            counts={by_key["children_young"].pk: -1, by_key["national_minorities"].pk: 3},
        )
    assert set(refused.value.error_dict) == {
        f"group_{by_key['children_young'].pk}",
        f"group_{by_key['national_minorities'].pk}",
    }
    assert not ActivityReach.objects.exists()


def test_reach_is_recorded_only_for_a_held_activity(cast, execution):
    planned = add_activity(execution)
    with pytest.raises(services.ConditionsUnmet) as refused:
        record(execution, planned, cast.official, children_young=3)
    assert planned.title in refused.value.reasons[0]
    other = make_dialogue(cast, title="En annan dialog")
    elsewhere = held_activity(put_in_state(other, State.EXECUTION))
    with pytest.raises(services.Conflict):
        record(execution, elsewhere, cast.official, children_young=3)
    assert not ActivityReach.objects.exists()


def test_a_save_in_between_is_a_conflict_never_overwritten(cast, execution):
    activity = held_activity(execution)
    opened = services.reach_version(activity.pk)
    assert opened == services.NOTHING_RECORDED
    record(execution, activity, cast.official, children_young=5)
    by_key = groups(execution)
    with pytest.raises(services.Conflict):
        services.record_reach(
            dialogue_id=execution.pk,
            user=cast.official,
            activity_id=activity.pk,
            counts={by_key["children_young"].pk: 9},
            expected_version=opened,
        )
    assert ActivityReach.objects.get(activity=activity).participants == 5
    # On the current version it saves.
    services.record_reach(
        dialogue_id=execution.pk,
        user=cast.official,
        activity_id=activity.pk,
        counts={by_key["children_young"].pk: 9},
        expected_version=services.reach_version(activity.pk),
    )
    assert ActivityReach.objects.get(activity=activity).participants == 9


# -- Recording reach: the form ---------------------------------------------------------------


def test_the_form_has_one_number_field_per_included_group_and_saves(client, cast, execution):
    activity = held_activity(execution)
    leave_out(execution, "national_minorities")
    login(client, cast.official)
    response = client.get(reach_url(execution, activity))
    assert response.status_code == 200
    by_key = groups(execution)
    fields = {i["name"] for i in parse(response).select("#reach-form input[type=number]")}
    included = {f"group_{g.pk}" for g in by_key.values() if g.included}
    assert fields == included and f"group_{by_key['national_minorities'].pk}" not in fields
    version = element(response, "input[name=version]")["value"]
    data = {f: "0" for f in included} | form_data(execution, children_young=7, rarely_heard=2)
    response = client.post(reach_url(execution, activity), {**data, "version": version})
    assert response.status_code == 302
    assert response["Location"].endswith("#reach")
    saved = dict(
        ActivityReach.objects.filter(activity=activity).values_list(
            "target_group__group", "participants"
        )
    )
    assert saved == {
        "disability_council": 0,
        "pensioners_council": 0,
        "children_young": 7,
        "rarely_heard": 2,
    }
    # Opened again: the form shows what is saved.
    response = client.get(reach_url(execution, activity))
    field = element(response, f"input[name=group_{by_key['children_young'].pk}]")
    assert field["value"] == "7"


@pytest.mark.parametrize("value", ["-3", "tolv", "1.5", ""])
def test_a_bad_count_is_a_field_error_and_nothing_is_saved(client, cast, execution, value):
    activity = held_activity(execution)
    login(client, cast.official)
    by_key = groups(execution)
    data = {f"group_{g.pk}": "1" for g in by_key.values()}
    bad = f"group_{by_key['children_young'].pk}"
    data[bad] = value
    response = client.post(
        reach_url(execution, activity), {**data, "version": services.NOTHING_RECORDED}
    )
    assert response.status_code == 400
    field = element(response, f"input[name={bad}]")
    assert "field--error" in field.find_parent("div", class_="field")["class"]
    assert has(response, ".error-summary")
    assert not ActivityReach.objects.exists()


def test_a_conflict_keeps_the_numbers_typed(client, cast, execution):
    activity = held_activity(execution)
    by_key = groups(execution)
    login(client, cast.official)
    version = element(client.get(reach_url(execution, activity)), "input[name=version]")["value"]
    record(execution, activity, cast.official, children_young=5)
    data = {f"group_{g.pk}": "1" for g in by_key.values()}
    data[f"group_{by_key['children_young'].pk}"] = "8"
    response = client.post(reach_url(execution, activity), {**data, "version": version})
    assert response.status_code == 409
    assert has(response, "#conflict")
    assert element(response, f"input[name=group_{by_key['children_young'].pk}]")["value"] == "8"
    assert ActivityReach.objects.get(activity=activity).participants == 5
    # Saving again on purpose wins.
    version = element(response, "input[name=version]")["value"]
    response = client.post(reach_url(execution, activity), {**data, "version": version})
    assert response.status_code == 302
    assert (
        ActivityReach.objects.get(activity=activity, target_group__group="children_young")
    ).participants == 8


def test_a_planned_activity_has_no_reach_form(client, cast, execution):
    planned = add_activity(execution)
    response = login(client, cast.official).get(reach_url(execution, planned))
    assert response.status_code == 409
    assert planned.title in text(response, "#missing")


# -- Shown: the dialogue page and step 9's evaluation ------------------------------------------


def test_the_dialogue_page_shows_each_group_reached_or_not(client, cast, execution):
    walk = held_activity(execution, title="Trygghetsvandring")
    cafe = held_activity(execution)
    leave_out(execution, "national_minorities", "Frågan berör inte minoriteterna särskilt.")
    record(execution, walk, cast.official, children_young=4, pensioners_council=0)
    record(execution, cafe, cast.official, children_young=2, pensioners_council=3)
    response = page(client, cast.official, execution)
    rows = {
        row["data-group"]: row
        for row in parse(response).select("#reach-groups tbody tr[data-group]")
    }
    statuses = {key: row["class"][0] for key, row in rows.items()}
    assert statuses == {
        "disability_council": "reach--not_reached",
        "pensioners_council": "reach--reached",
        "children_young": "reach--reached",
        "rarely_heard": "reach--not_reached",
        "national_minorities": "reach--left_out",
    }
    assert " 6 " in f" {text(rows['children_young'])} "
    assert "Frågan berör inte minoriteterna särskilt." in text(rows["national_minorities"])
    # Each held activity, with the links to record who came and evaluate it.
    assert texts(response, "#held-activities tbody th") == [
        f"Trygghetsvandring {walk.starts_at:%Y-%m-%d}",
        f"Dialogcafé på biblioteket {cafe.starts_at:%Y-%m-%d}",
    ]
    assert has(response, f"a[href='{reach_url(execution, walk)}']")
    assert has(response, f"a[href='{evaluation_url(execution, cafe)}']")
    # The page's index lists the section.
    assert has(response, "#dialogue-index a[href='#reach']")


def test_others_see_reach_without_the_links(client, cast, execution):
    activity = held_activity(execution)
    record(execution, activity, cast.official, children_young=4)
    response = page(client, cast.politician, execution)
    assert has(response, "#reach-groups")
    assert not has(response, ".record-reach-link")
    assert not has(response, ".evaluate-activity-link")


def test_no_panel_before_the_launch_without_held_activities(client, cast, dialogue):
    planning = put_in_state(dialogue, State.PLANNING)
    assert not has(page(client, cast.official, planning), "#reach")


def test_step_nine_evaluation_shows_the_reach(client, cast, dialogue):
    decided = put_in_state(dialogue, State.DECISION, final_decision=True, by=cast.politician)
    activity = held_activity(decided)
    # Recorded during the execution (the fast path: at the decision step it is closed).
    ActivityReach.objects.create(
        activity=activity, target_group=groups(decided)["children_young"], participants=9
    )
    complete_decision_followup(decided)
    response = page(client, cast.official, decided)
    items = parse(response).select("#evaluation-reach li")
    by_class = {li["class"][0] for li in items}
    assert len(items) == 5 and {"reach--reached", "reach--not_reached"} == by_class
    # The evaluation's form shows the reach beside it, for the comment on reach.
    response = client.get(reverse("dialog:edit_evaluation", args=[decided.pk]))
    assert response.status_code == 200
    assert len(parse(response).select("#evaluation-reach-table tbody tr")) == 5


# -- Activity evaluations --------------------------------------------------------------------


def test_an_activity_is_evaluated_and_corrected_with_history(cast, execution):
    activity = held_activity(execution)
    first = evaluate(execution, activity, cast.official, who_came="Mest äldre.")
    assert first.written_by == cast.official
    corrected = services.save_activity_evaluation(
        dialogue_id=execution.pk,
        user=cast.official,
        activity_id=activity.pk,
        data={"what_worked": "Samtalen vid borden.", "what_to_change": "Tolk på plats."},
        expected_updated_at=first.updated_at,
    )
    assert corrected.pk == first.pk
    assert ActivityEvaluation.objects.get().what_to_change == "Tolk på plats."
    assert corrected.history.count() == 2
    with pytest.raises(services.Conflict):
        services.save_activity_evaluation(
            dialogue_id=execution.pk,
            user=cast.official,
            activity_id=activity.pk,
            data={"what_worked": "Gammal version."},
            expected_updated_at=first.updated_at,
        )
    with pytest.raises(ValidationError) as refused:
        evaluate(execution, activity, cast.official, what_worked="  ")
    assert "what_worked" in refused.value.error_dict


def test_the_evaluation_form_saves_and_asks_for_what_worked(client, cast, execution):
    activity = held_activity(execution)
    login(client, cast.official)
    url = evaluation_url(execution, activity)
    assert client.get(url).status_code == 200
    response = client.post(url, {"what_worked": "", "who_came": "Unga."})
    assert response.status_code == 400
    assert has(response, "#id_what_worked[aria-invalid], .field--error #id_what_worked")
    response = client.post(
        url, {"what_worked": "Borden.", "who_came": "Unga.", "what_to_change": "Tidigare."}
    )
    assert response.status_code == 302
    evaluation = ActivityEvaluation.objects.get(activity=activity)
    assert (evaluation.what_worked, evaluation.written_by) == ("Borden.", cast.official)
    shown = page(client, cast.official, execution)
    assert "Borden." in text(shown, f"#held-activity-{activity.pk} .held-activity__evaluation")


# -- The compilation's condition: required under Hagfors, not under Sandviken -------------------


def _under(dialogue, key):
    profile = governance_services.load_preset(key=key).profile
    return use_profile(dialogue, profile)


def test_hagfors_refuses_the_compilation_until_each_held_activity_is_evaluated(cast, execution):
    dialogue = _under(execution, "hagfors")
    add_inputs(dialogue, 1)
    walk = held_activity(dialogue, title="Trygghetsvandring")
    cafe = held_activity(dialogue)
    cancelled = add_activity(
        dialogue,
        title="Inställt möte",
        starts_at=timezone.now() - timedelta(days=1),
        status=Activity.Status.CANCELLED,
        cancel_reason="Lokalen var inte ledig.",
    )
    with pytest.raises(services.ConditionsUnmet) as refused:
        compile_(dialogue, cast.official)
    (reason,) = refused.value.reasons
    assert "Trygghetsvandring" in reason and "Dialogcafé på biblioteket" in reason
    assert cancelled.title not in reason
    # The page's actions say the same.
    action = services.action_for(
        dialogue=Dialogue.objects.get(pk=dialogue.pk), user=cast.official, name="start_compilation"
    )
    assert not action.available and reason in action.reasons
    evaluate(dialogue, walk, cast.official)
    with pytest.raises(services.ConditionsUnmet) as refused:
        compile_(dialogue, cast.official)
    (reason,) = refused.value.reasons
    assert "Dialogcafé på biblioteket" in reason and "Trygghetsvandring" not in reason
    evaluate(dialogue, cafe, cast.official)
    assert compile_(dialogue, cast.official).state == State.COMPILATION


@pytest.mark.parametrize("key", ["sandviken", None])
def test_without_the_requirement_the_compilation_needs_no_evaluation(cast, execution, key):
    dialogue = _under(execution, key) if key else execution
    assert not reach.evaluation_required(dialogue)
    add_inputs(dialogue, 1)
    held_activity(dialogue)
    assert compile_(dialogue, cast.official).state == State.COMPILATION


def test_the_requirement_is_named_on_the_page_under_hagfors(client, cast, execution):
    dialogue = _under(execution, "hagfors")
    held_activity(dialogue)
    response = page(client, cast.official, dialogue)
    assert has(response, "#evaluation-required")
    assert has(response, "#held-activities .overdue")


# -- The follow-up's selector and the registry of sources ---------------------------------------


def test_reach_by_dialogue_counts_held_activities_only(cast, execution):
    held = held_activity(execution)
    later = held_activity(execution, title="Senare möte")
    record(execution, held, cast.official, children_young=4, pensioners_council=1)
    record(execution, later, cast.official, children_young=3)
    # Marked cancelled afterwards (it was not held after all): its counts do not count.
    Activity.objects.filter(pk=later.pk).update(
        status=Activity.Status.CANCELLED, cancel_reason="Fel"
    )
    leave_out(execution, "rarely_heard")
    other = make_dialogue(cast, title="Utan aktiviteter")
    bare = make_dialogue(cast, title="Utan målgrupper", complete=False)
    result = reach.reach_by_dialogue([execution.pk, other.pk, bare.pk])
    mine = {g.target_group.group: (g.participants, g.status) for g in result[execution.pk]}
    assert mine == {
        "disability_council": (0, reach.NOT_REACHED),
        "pensioners_council": (1, reach.REACHED),
        "children_young": (4, reach.REACHED),
        "rarely_heard": (0, reach.LEFT_OUT),
        "national_minorities": (0, reach.NOT_REACHED),
    }
    assert {g.status for g in result[other.pk]} == {reach.NOT_REACHED}
    assert result[bare.pk] == []


def test_reach_by_dialogue_reads_the_same_queries_for_more_dialogues(cast):
    def build(n):
        ids = []
        for i in range(n):
            d = put_in_state(make_dialogue(cast, title=f"Dialog {n}-{i}"), State.EXECUTION)
            record(d, held_activity(d), cast.official, children_young=i + 1)
            ids.append(d.pk)
        return ids

    one = build(1)
    with CaptureQueriesContext(connection) as few:
        reach.reach_by_dialogue(one)
    many = build(4)
    with CaptureQueriesContext(connection) as more:
        result = reach.reach_by_dialogue(many)
    assert len(more) == len(few)
    assert [
        g.participants for d in many for g in result[d] if g.target_group.group == "children_young"
    ] == [1, 2, 3, 4]


def test_a_registered_source_adds_to_the_online_counts(cast, execution, monkeypatch):
    monkeypatch.setattr(reach, "_SOURCES", dict(reach._SOURCES))
    young = groups(execution)["children_young"]

    def fake(target_groups):
        return {g.pk: 2 for g in target_groups if g.group == "children_young"}

    reach.register_reach_source(fake, key="test.fake")
    reach.register_reach_source(fake, key="test.fake")  # once, whatever the reloads
    result = reach.reach_by_dialogue([execution.pk])[execution.pk]
    (row,) = [g for g in result if g.target_group == young]
    assert (row.participants, row.online, row.status) == (0, 2, reach.REACHED)


# -- Queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["hagfors", None])
def test_the_dialogue_page_reads_the_same_queries_whatever_was_recorded(
    client, cast, execution, key
):
    """None held, or five held with their counts and evaluations: the same queries."""
    dialogue = _under(execution, key) if key else execution
    login(client, cast.official)
    client.get(dialogue.get_absolute_url())  # warm caches (sessions, profile)
    with CaptureQueriesContext(connection) as few:
        assert client.get(dialogue.get_absolute_url()).status_code == 200
    for i in range(5):
        activity = held_activity(dialogue, title=f"Möte {i}")
        record(dialogue, activity, cast.official, children_young=i, pensioners_council=2)
        if i % 2:
            evaluate(dialogue, activity, cast.official)
    with CaptureQueriesContext(connection) as more:
        response = client.get(dialogue.get_absolute_url())
    assert len(parse(response).select("#held-activities tbody tr")) == 5
    assert len(more) == len(few), [q["sql"] for q in more.captured_queries][len(few) :]

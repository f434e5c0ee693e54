"""The demo (issue 16's "done when"): the closed dialogue 'Trygghet i centrum' has reach per
target group recorded at its held activities and activity evaluations, shown on its page and in
its evaluation; views given online reach children and young people on 'Mötesplatser för unga'."""

from dialog import reach
from dialog.demo import reach as demo_reach
from dialog.models import ActivityEvaluation, ActivityReach, Dialogue, State
from tests.helpers import login, parse


def test_the_closed_demo_dialogue_has_reach_and_evaluations(client, demo):
    dialogue = Dialogue.objects.get(title=demo_reach.TITLE)
    assert dialogue.state == State.CLOSED
    rows = ActivityReach.objects.filter(activity__dialogue=dialogue)
    assert {r.activity.title for r in rows} == set(demo_reach.REACH)
    # Recorded by the responsible official through the service: the history says so.
    assert {h.history_user.username for h in ActivityReach.history.filter(id__in=rows)} == {
        demo_reach.OFFICIAL
    }
    evaluations = ActivityEvaluation.objects.filter(activity__dialogue=dialogue)
    assert evaluations.count() == len(demo_reach.EVALUATIONS)
    groups = {g.target_group.group: g for g in reach.reach_by_dialogue([dialogue.pk])[dialogue.pk]}
    assert groups["children_young"].status == reach.REACHED
    assert groups["pensioners_council"].status == reach.REACHED
    assert groups["disability_council"].status == reach.NOT_REACHED
    # Shown on the page, to a politician of the body as to anyone who may read the case.
    response = login(client, dialogue.responsible_official).get(dialogue.get_absolute_url())
    page = parse(response)
    statuses = {
        row["data-group"]: row["class"][0] for row in page.select("#reach-groups tr[data-group]")
    }
    assert statuses == {key: f"reach--{g.status}" for key, g in groups.items()}
    assert len(page.select("#evaluation-reach li")) == len(groups)
    assert len(page.select("#held-activities details")) == len(demo_reach.EVALUATIONS)


def test_views_given_online_reach_the_young_in_the_demo(demo):
    dialogue = Dialogue.objects.get(title="Mötesplatser för unga")
    groups = {g.target_group.group: g for g in reach.reach_by_dialogue([dialogue.pk])[dialogue.pk]}
    assert groups["children_young"].online > 0

"""Views given online as reach of the mandate's target groups (issue 16): the online form's
background answers place an accepted view in a target group (an age under 18: children and
young people; an area: a group the mandate names after it), counted through dialog.reach's
registry, which participation fills from its AppConfig.ready."""

import dataclasses
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialog import reach
from dialog import services as dialog_services
from dialog.models import AgeBand, TargetGroup
from participation import online_services as services
from participation.models import Area
from participation.reach import online_views_by_group
from tests.helpers import has, login, parse

from .conftest import publish
from .online_fixtures import answers, build_form, make_online

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(open_dialogue):
    return make_online(open_dialogue)


def send(dialogue, questions, *, age="", area="", moderate="accept"):
    area_id = Area.objects.get_or_create(name=area)[0].pk if area else None
    given = dataclasses.replace(answers(questions), age_band=age, area_id=area_id)
    submission, _new = services.submit(dialogue_id=dialogue.pk, token=uuid.uuid4(), answers=given)
    user = dialogue.responsible_official
    if moderate == "accept":
        services.accept(dialogue_id=dialogue.pk, submission_id=submission.pk, user=user)
    elif moderate == "off_topic":
        services.accept(
            dialogue_id=dialogue.pk, submission_id=submission.pk, user=user, off_topic=True
        )
    elif moderate == "hide":
        services.hide(
            dialogue_id=dialogue.pk, submission_id=submission.pk, user=user, reason="Reklam."
        )
    submission.refresh_from_db()
    return submission


def test_participation_registers_its_source():
    assert online_views_by_group in reach.reach_sources()


def test_accepted_views_count_for_the_groups_their_answers_name(online):
    dialogue, _form, questions = online
    TargetGroup.objects.create(dialogue=dialogue, group="other", name="Norrby")
    send(dialogue, questions, age=AgeBand.TEENS, area="Centrum")
    send(dialogue, questions, age=AgeBand.UNDER_13, area="norrby ")
    send(dialogue, questions, age=AgeBand.TEENS, moderate="off_topic")
    send(dialogue, questions, age=AgeBand.YOUNG_ADULTS, area="Norrby")
    send(dialogue, questions, age=AgeBand.OLDER)
    # Not counted: waiting, hidden, and accepted but withdrawn from the input register.
    send(dialogue, questions, age=AgeBand.TEENS, moderate="")
    send(dialogue, questions, age=AgeBand.TEENS, area="Norrby", moderate="hide")
    withdrawn = send(dialogue, questions, age=AgeBand.TEENS, area="Norrby")
    dialog_services.delete_input(
        dialogue_id=dialogue.pk,
        user=dialogue.responsible_official,
        item_id=withdrawn.input_item_id,
        reason="Samma person skickade två gånger.",
    )
    result = {
        g.target_group.group + g.target_group.name: g for g in reach.dialogue_reach(dialogue).groups
    }
    assert result["children_young"].online == 3
    assert result["otherNorrby"].online == 2
    assert result["pensioners_council"].online == 0  # 65-79 is no council
    assert result["children_young"].status == reach.REACHED
    assert result["otherNorrby"].status == reach.REACHED
    assert result["disability_council"].status == reach.NOT_REACHED
    # The follow-up's selector counts the same.
    by_dialogue = reach.reach_by_dialogue([dialogue.pk])[dialogue.pk]
    assert {g.target_group.pk: g.online for g in by_dialogue} == {
        g.target_group.pk: g.online for g in result.values()
    }


def test_a_form_without_background_questions_reaches_no_group(open_dialogue):
    publish(open_dialogue)
    Area.objects.get_or_create(name="Centrum")
    _form, questions = build_form(
        open_dialogue, ask_age=False, ask_area=False, ask_respondent_type=False
    )
    send(open_dialogue, questions, age=AgeBand.TEENS, area="Centrum")
    assert all(g.online == 0 for g in reach.dialogue_reach(open_dialogue).groups)


def test_the_source_reads_one_query_for_many_dialogues(cast, online):
    dialogue, _form, questions = online
    send(dialogue, questions, age=AgeBand.TEENS)
    groups = list(TargetGroup.objects.all())
    with CaptureQueriesContext(connection) as queries:
        counts = online_views_by_group(groups)
    assert len(queries) == 1
    assert counts == {TargetGroup.objects.get(dialogue=dialogue, group="children_young").pk: 1}
    assert online_views_by_group([]) == {}


def test_the_dialogue_page_shows_the_views_given_online(client, cast, online):
    dialogue, _form, questions = online
    send(dialogue, questions, age=AgeBand.UNDER_13)
    send(dialogue, questions, age=AgeBand.TEENS)
    response = login(client, cast.official).get(dialogue.get_absolute_url())
    assert has(response, "#reach")
    row = parse(response).select_one("#reach-groups tr[data-group=children_young]")
    cells = [td.get_text(strip=True) for td in row.select("td")]
    assert cells[:2] == ["0", "2"]
    assert row["class"] == ["reach--reached"]

"""Goals linked to dialogues and steering documents (issue 16): who may link them, the history
that keeps who linked which goal, and the pages that show the links both ways."""

from datetime import date
from functools import partial

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import PermissionRefused
from dialog.models import State
from dialog.services.goals_checklists import set_dialogue_goals
from governance import goals as services
from tests.factories import make_dialogue, put_in_state
from tests.helpers import element, has, login, text, texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def client_as(client):
    return partial(login, client)


@pytest.fixture
def goal(cast):
    return services.create_goal(
        data={
            "code": "3",
            "title": "Invånarna har inflytande",
            "owner_body": cast.body,
            "period_start": date(TODAY.year, 1, 1),
            "source": "Mål och budget 2026–2028",
        },
        user=None,
    )


def _linked_in_history(record) -> list:
    return [row.goal_id for row in record.goals.all()]


def test_official_links_goals_on_the_dialogue_page_with_history(client_as, cast, goal):
    dialogue = make_dialogue(cast)
    client = client_as(cast.official)
    page = client.get(dialogue.get_absolute_url())
    assert has(page, "#link-goals")
    response = client.post(reverse("dialog:link_goals", args=[dialogue.pk]), {"goals": [goal.pk]})
    assert response.status_code == 302
    assert list(dialogue.goals.all()) == [goal]
    record = dialogue.history.order_by("-history_id").first()
    assert record.history_user == cast.official
    assert _linked_in_history(record) == [goal.pk]
    page = client.get(dialogue.get_absolute_url())
    assert goal.title in text(page, "#dialogue-goals")
    # The goal's page lists the dialogue (the reverse relation).
    detail = client.get(reverse("governance:goal_detail", args=[goal.pk]))
    assert texts(detail, "#goal-dialogues a") == [dialogue.title]
    # Unlinking is a change of its own in the history.
    client.post(reverse("dialog:link_goals", args=[dialogue.pk]), {"goals": []})
    assert not dialogue.goals.exists()
    assert _linked_in_history(dialogue.history.order_by("-history_id").first()) == []


def test_who_may_link_goals_to_a_dialogue(client_as, cast, goal):
    dialogue = make_dialogue(cast)
    url = reverse("dialog:link_goals", args=[dialogue.pk])
    for person in (cast.politician, cast.clerk, cast.other_official):
        assert client_as(person).post(url, {"goals": [goal.pk]}).status_code == 403
        assert not has(client_as(person).get(dialogue.get_absolute_url()), "#link-goals")
    assert not dialogue.goals.exists()
    put_in_state(dialogue, State.CANCELLED)
    with pytest.raises(PermissionRefused):
        set_dialogue_goals(dialogue_id=dialogue.pk, user=cast.official, goals=[goal])


def test_a_goal_no_longer_in_force_is_not_offered_but_stays_linked(client_as, cast, goal):
    old = services.create_goal(
        data={
            "title": "Gammalt mål",
            "owner_body": cast.body,
            "period_start": date(2019, 1, 1),
            "period_end": date(2022, 12, 31),
        },
        user=None,
    )
    dialogue = make_dialogue(cast)
    client = client_as(cast.official)
    page = client.get(dialogue.get_absolute_url())
    offered = [i["value"] for i in element(page, "#link-goals")("input", type="checkbox")]
    assert offered == [str(goal.pk)]
    response = client.post(reverse("dialog:link_goals", args=[dialogue.pk]), {"goals": [old.pk]})
    assert response.status_code == 302
    assert not dialogue.goals.exists()  # refused as an invalid choice, with a message
    dialogue.goals.add(old)
    page = client.get(dialogue.get_absolute_url())
    offered = [i["value"] for i in element(page, "#link-goals")("input", type="checkbox")]
    assert str(old.pk) in offered


def test_documents_link_goals_through_their_form_with_history(client_as, cast, goal, make_document):
    document = make_document()
    client = client_as(cast.clerk)
    page = client.get(reverse("governance:edit", args=[document.pk]))
    form = element(page, "main form")
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("file", "submit"):
            continue
        if field.name == "select":
            chosen = [o["value"] for o in field("option") if o.has_attr("selected")]
            if chosen:
                data[name] = chosen if field.has_attr("multiple") else chosen[0]
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        else:
            data[name] = field.get("value", field.text)
    data["goals"] = [goal.pk]
    response = client.post(reverse("governance:edit", args=[document.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert list(document.goals.all()) == [goal]
    record = document.history.order_by("-history_id").first()
    assert record.history_user == cast.clerk
    assert _linked_in_history(record) == [goal.pk]
    page = client.get(document.get_absolute_url())
    assert goal.title in text(page, "#document-goals")
    detail = client.get(reverse("governance:goal_detail", args=[goal.pk]))
    assert texts(detail, "#goal-documents a") == [document.title]


def test_set_document_goals_checks_the_document_rules(cast, goal, make_document):
    document = make_document()
    with pytest.raises(PermissionRefused):
        services.set_document_goals(document_id=document.pk, goals=[goal], user=cast.politician)
    services.set_document_goals(document_id=document.pk, goals=[goal], user=cast.clerk)
    assert list(document.goals.all()) == [goal]
    assert _linked_in_history(document.history.order_by("-history_id").first()) == [goal.pk]


def test_a_new_version_starts_with_the_goals_of_the_one_it_replaces(
    client_as, cast, goal, make_document
):
    old = make_document()
    services.set_document_goals(document_id=old.pk, goals=[goal], user=cast.clerk)
    client = client_as(cast.clerk)
    page = client.get(reverse("governance:new_version", args=[old.pk]))
    assert page.status_code == 200
    form = element(page, "main form")
    checked = [box["value"] for box in form.select("input[name=goals]") if box.has_attr("checked")]
    assert checked == [str(goal.pk)]

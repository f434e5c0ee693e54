"""The municipality's goals (issue 16): the register's pages, who may keep it, bad input, and a
linked goal that cannot be deleted."""

from datetime import date, timedelta
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.errors import PermissionRefused
from core.permissions import can
from governance import goals as services
from governance.models import Goal
from roles.models import Body, Membership
from tests.factories import make_body, make_dialogue, make_member, make_superuser
from tests.helpers import element, has, login, text, texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def client_as(client):
    return partial(login, client)


def make_goal(body, title="Alla barn ska ha en meningsfull fritid", **extra) -> Goal:
    data = {
        "code": "2.1",
        "title": title,
        "owner_body": body,
        "period_start": date(TODAY.year, 1, 1),
        "period_end": date(TODAY.year + 2, 12, 31),
        "source": "Mål och budget 2026–2028, KF § 112",
        **extra,
    }
    return services.create_goal(data=data, user=None)


def form_data(body, **extra) -> dict:
    return {
        "code": "1.1",
        "title": "Tryggt i hela kommunen",
        "description": "",
        "owner_body": body.pk,
        "period_start": f"{TODAY.year}-01-01",
        "period_end": f"{TODAY.year + 2}-12-31",
        "source": "Mål och budget 2026–2028",
        **extra,
    }


# -- Who may do what ---------------------------------------------------------------------------


def test_permission_walk(cast):
    administration = make_body("KLF", "Kommunledningsförvaltningen", Body.Kind.ADMINISTRATION)
    administration.parent = cast.body
    administration.save()
    klf_official = make_member(administration, Membership.Role.OFFICIAL)
    elsewhere = make_body("BUF", "Barn- och utbildningsförvaltningen", Body.Kind.ADMINISTRATION)
    buf_official = make_member(elsewhere, Membership.Role.OFFICIAL)
    goal = make_goal(cast.body)
    admin = make_superuser()
    expected = {
        # person: (view, add, change a KS goal)
        cast.official: (True, True, True),  # an official of KS itself
        cast.clerk: (True, True, True),  # the clerk of the owner
        klf_official: (True, True, True),  # the administration under KS
        cast.politician: (True, False, False),
        cast.other_clerk: (True, True, False),  # a clerk of another body
        buf_official: (True, True, False),  # an administration under no owner of the goal
        cast.outsider: (False, False, False),
        admin: (True, True, True),
    }
    for person, (view, add, change) in expected.items():
        assert can(person, "governance.view_goal") is view, person
        assert can(person, "governance.add_goal") is add, person
        assert can(person, "governance.change_goal", goal) is change, person


def test_pages_answer_as_the_rules_say(client_as, cast):
    goal = make_goal(cast.body)
    pages = [
        reverse("governance:goals"),
        reverse("governance:goal_detail", args=[goal.pk]),
    ]
    for url in pages:
        assert client_as(cast.outsider).get(url).status_code == 403
        assert client_as(cast.politician).get(url).status_code == 200
    assert client_as(cast.politician).get(reverse("governance:goal_create")).status_code == 403
    edit = reverse("governance:goal_edit", args=[goal.pk])
    assert client_as(cast.other_clerk).get(edit).status_code == 403
    assert client_as(cast.clerk).get(edit).status_code == 200
    # The menu links to the register for everyone who may read it.
    page = client_as(cast.politician).get(reverse("dialog:dashboard"))
    assert reverse("governance:goals") in [a["href"] for a in element(page, ".site-nav")("a")]
    page = client_as(cast.outsider).get(reverse("dialog:dashboard"))
    assert reverse("governance:goals") not in page.content.decode()


def test_the_service_refuses_those_the_rules_refuse(cast):
    goal = make_goal(cast.body)
    with pytest.raises(PermissionRefused):
        services.update_goal(goal_id=goal.pk, data={"title": "X"}, user=cast.other_clerk)
    with pytest.raises(PermissionRefused):
        services.create_goal(data={"title": "X"}, user=cast.politician)
    # Giving a goal to a body one does not keep is refused on the owner field.
    with pytest.raises(ValidationError) as caught:
        services.update_goal(goal_id=goal.pk, data={"owner_body": cast.other_body}, user=cast.clerk)
    assert "owner_body" in caught.value.error_dict
    assert Goal.objects.get(pk=goal.pk).owner_body == cast.body


# -- Create, edit, bad input --------------------------------------------------------------------


def test_create_and_edit_through_the_pages_with_history(client_as, cast):
    client = client_as(cast.clerk)
    response = client.post(reverse("governance:goal_create"), form_data(cast.body))
    goal = Goal.objects.get(title="Tryggt i hela kommunen")
    assert response.status_code == 302
    assert response.url == reverse("governance:goal_detail", args=[goal.pk])
    response = client.post(
        reverse("governance:goal_edit", args=[goal.pk]),
        form_data(cast.body, title="Tryggt och säkert i hela kommunen"),
    )
    assert response.status_code == 302
    records = list(goal.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert {r.history_user for r in records} == {cast.clerk}
    assert records[-1].title == "Tryggt och säkert i hela kommunen"
    page = client.get(reverse("governance:goal_detail", args=[goal.pk]))
    assert text(page, "#goal-source") == "Mål och budget 2026–2028"
    assert len(texts(page, "#goal-history li")) == 2


def test_the_form_offers_only_the_bodies_the_user_keeps(client_as, cast):
    page = client_as(cast.other_clerk).get(reverse("governance:goal_create"))
    offered = [o["value"] for o in element(page, "#id_owner_body")("option") if o["value"]]
    assert offered == [str(cast.other_body.pk)]
    response = client_as(cast.other_clerk).post(
        reverse("governance:goal_create"), form_data(cast.body)
    )
    assert response.status_code == 400
    assert has(response, "#id_owner_body_error") or "owner_body" in response.context["form"].errors
    assert not Goal.objects.exists()


def test_period_ending_before_it_starts_is_a_field_error(client_as, cast):
    response = client_as(cast.clerk).post(
        reverse("governance:goal_create"),
        form_data(cast.body, period_start=f"{TODAY.year}-06-01", period_end=f"{TODAY.year}-01-01"),
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["period_end"]
    assert not Goal.objects.exists()
    # The service says the same on the field, whoever calls it.
    with pytest.raises(ValidationError) as caught:
        services.create_goal(
            data={
                "title": "X",
                "owner_body": cast.body,
                "period_start": date(2027, 6, 1),
                "period_end": date(2027, 1, 1),
            },
            user=cast.clerk,
        )
    assert list(caught.value.error_dict) == ["period_end"]


def test_missing_fields_and_bad_dates_are_field_errors(client_as, cast):
    response = client_as(cast.clerk).post(
        reverse("governance:goal_create"),
        form_data(cast.body, title="", period_start="2027-13-45"),
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title", "period_start"}


# -- Delete ------------------------------------------------------------------------------------


def test_an_unlinked_goal_is_deleted_with_its_history_kept(client_as, cast):
    goal = make_goal(cast.body)
    response = client_as(cast.clerk).post(reverse("governance:goal_delete", args=[goal.pk]))
    assert response.status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert Goal.history.filter(id=goal.pk, history_type="-").get().history_user == cast.clerk


def test_a_linked_goal_is_not_deleted(client_as, cast):
    goal = make_goal(cast.body)
    dialogue = make_dialogue(cast)
    dialogue.goals.add(goal)
    client = client_as(cast.clerk)
    detail = client.get(reverse("governance:goal_detail", args=[goal.pk]))
    assert not has(detail, "#delete-goal")
    assert "1" in text(detail, "#delete-refusal")
    response = client.post(reverse("governance:goal_delete", args=[goal.pk]))
    assert response.status_code == 409
    assert text(response, "#delete-refusal")
    assert Goal.objects.filter(pk=goal.pk).exists()
    with pytest.raises(ValidationError):
        services.delete_goal(goal_id=goal.pk, user=cast.clerk)
    assert Goal.objects.filter(pk=goal.pk).exists()


# -- The list ----------------------------------------------------------------------------------


def test_the_list_shows_the_goals_in_force_by_default(client_as, cast):
    current = make_goal(cast.body, "Gällande mål")
    past = make_goal(
        cast.body,
        "Gammalt mål",
        period_start=date(2019, 1, 1),
        period_end=date(2022, 12, 31),
    )
    other = make_goal(cast.other_body, "Nämndens mål", period_end=None)
    client = client_as(cast.politician)
    url = reverse("governance:goals")
    shown = texts(client.get(url), "#goals tbody tr td:nth-of-type(2)")
    assert shown == sorted([current.title, other.title], key=shown.index) and len(shown) == 2
    everything = texts(client.get(url, {"period": "all"}), "#goals tbody tr td:nth-of-type(2)")
    assert set(everything) == {current.title, past.title, other.title}
    in_2020 = texts(client.get(url, {"period": "2020"}), "#goals tbody tr td:nth-of-type(2)")
    assert in_2020 == [past.title]
    by_body = client.get(url, {"period": "all", "body": cast.other_body.pk})
    assert texts(by_body, "#goals tbody tr td:nth-of-type(2)") == [other.title]


def test_list_queries_do_not_grow_with_the_goals(client_as, cast):
    client = client_as(cast.politician)
    url = reverse("governance:goals")
    make_goal(cast.body, "Ett")
    client.get(url)  # warm the session and the roles
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    dialogue = make_dialogue(cast)
    for n in range(6):
        goal = make_goal(cast.other_body if n % 2 else cast.body, f"Mål {n}")
        dialogue.goals.add(goal)
    page = client.get(url)
    assert len(texts(page, "#goals tbody tr")) == 7
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_list_counts_the_links(client_as, cast, make_document):
    goal = make_goal(cast.body)
    for _n in range(2):
        make_dialogue(cast).goals.add(goal)
    make_document().goals.add(goal)
    row = element(client_as(cast.politician).get(reverse("governance:goals")), f"#goal-{goal.pk}")
    cells = [td.get_text(strip=True) for td in row("td")]
    assert cells[-2:] == ["2", "1"]


def test_a_period_starting_in_the_future_is_not_current(cast):
    make_goal(cast.body, "Kommande", period_start=TODAY + timedelta(days=1), period_end=None)
    assert not services.goal_list().exists()
    assert services.goal_list(period="all").count() == 1

"""The dialogue pages over HTTP: who sees what, the dashboards, the list and the dialogue page
(tests/dialog/test_views_changes.py has creating, editing, actions and the whole walk).

Texts that come from our own English msgids are computed with gettext under the active
language, so the tests hold before and after the Swedish catalogue exists.
"""

from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from dialog import services
from dialog.models import (
    Assignment,
    Decision,
    DecisionPoint,
    Dialogue,
    Mandate,
    State,
)
from dialog.rules import denied_reason
from tests.factories import INITIATIVE, MANDATE, make_dialogue
from tests.helpers import element, has, html, links, login, parse, run, text, texts

REQUIRED = "Detta fält måste fyllas i."  # Django's own Swedish "This field is required."


def offered(page) -> list[str]:
    """Where the page's available actions lead: a form's action, or a link to the action's page
    (for those that record a decision or need a comment)."""
    available = element(page, "#available")
    return [f["action"] for f in available("form")] + links(available)


def new_dialogue(cast, **overrides) -> Dialogue:
    """A complete dialogue (initiative, mandate, a politician); any field may be overridden."""
    values = {
        **INITIATIVE,
        "body": cast.body,
        "responsible_official": cast.official,
        "initiated_by": cast.official,
    }
    values.update(overrides)
    dialogue = Dialogue.objects.create(**values)
    Mandate.objects.create(dialogue=dialogue, **MANDATE)
    Assignment.objects.create(
        dialogue=dialogue, person=cast.politician, role=Assignment.Role.POLITICIAN
    )
    return dialogue


def set_state(dialogue, state, **extra) -> Dialogue:
    Dialogue.objects.filter(pk=dialogue.pk).update(state=state, **extra)
    return Dialogue.objects.get(pk=dialogue.pk)


def register(dialogue, number="KS 2026/1", year=2026) -> Dialogue:
    seq = int(number.rsplit("/", 1)[1])
    Dialogue.objects.filter(pk=dialogue.pk).update(
        case_number=number, case_year=year, case_sequence=seq
    )
    return Dialogue.objects.get(pk=dialogue.pk)


def action_url(dialogue, name):
    return reverse("dialog:action", args=[dialogue.pk, name])


def state_of(dialogue) -> str:
    return Dialogue.objects.get(pk=dialogue.pk).state


# -- Login and layout --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        # The dashboard's address is the site's root, where an anonymous visitor is sent to the
        # public start page instead (tests/test_home.py).
        ("dialog:list", []),
        ("dialog:create", []),
        ("dialog:detail", [1]),
        ("dialog:edit_initiative", [1]),
        ("dialog:edit_mandate", [1]),
        ("dialog:edit_responsibility", [1]),
        ("dialog:action", [1, "submit_for_mandate"]),
    ],
)
def test_pages_need_login(client, db, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_register_needs_login(client, db):
    url = reverse("dialog:register", args=[1])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_logs_in(client, cast):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert 'name="username"' in html(page)
    response = client.post(
        reverse("login"),
        {"username": cast.official.username, "password": "test-password-123"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dialog:dashboard")


def test_layout_has_municipality_skip_link_htmx_and_post_logout(client, cast, settings):
    settings.MUNICIPALITY_NAME = "Forshaga kommun"
    page = html(login(client, cast.official).get(reverse("dialog:dashboard")))
    assert '<html lang="sv">' in page
    assert "Forshaga kommun" in page
    assert 'href="#main"' in page and 'id="main"' in page
    assert "js/htmx.min.js" in page
    logout = element(page, "form.logout-form")
    assert (logout["action"], logout["method"]) == (reverse("logout"), "post")
    assert f'action="{reverse("set_language")}"' in page


def test_new_dialogue_link_only_for_those_who_may_add(client, cast):
    create = reverse("dialog:create")
    assert create in html(login(client, cast.official).get(reverse("dialog:dashboard")))
    assert create not in html(login(client, cast.outsider).get(reverse("dialog:dashboard")))


def test_admin_link_only_for_staff(client, cast):
    admin = reverse("admin:index")
    assert admin not in html(login(client, cast.official).get(reverse("dialog:dashboard")))
    cast.official.is_staff = True
    cast.official.save()
    assert admin in html(login(client, cast.official).get(reverse("dialog:dashboard")))


# -- Dashboard ---------------------------------------------------------------------------------


def test_dashboard_sections_per_role(client, cast):
    draft = make_dialogue(cast, title="Utkast om badplatsen")
    waiting = register(
        set_state(make_dialogue(cast, title="Beslut om skolgården"), State.MANDATE_DECISION),
        "KS 2026/3",
    )
    elsewhere = new_dialogue(
        cast,
        title="Annat organs dialog",
        body=cast.other_body,
        responsible_official=cast.other_official,
        initiated_by=cast.other_official,
    )

    page = html(login(client, cast.official).get(reverse("dialog:dashboard")))
    mine = text(page, "#mine")
    assert draft.title in mine and waiting.title in mine
    assert elsewhere.title not in mine
    assert 'id="awaiting"' not in page and 'id="clerk"' not in page

    page = html(login(client, cast.politician).get(reverse("dialog:dashboard")))
    awaiting = text(page, "#awaiting")
    assert waiting.title in awaiting
    assert draft.title not in awaiting
    assert 'id="mine"' not in page

    page = html(login(client, cast.clerk).get(reverse("dialog:dashboard")))
    to_register = text(page, "#to-register")
    to_record = text(page, "#to-record")
    assert draft.title in to_register and waiting.title not in to_register
    assert waiting.title in to_record and draft.title not in to_record
    assert elsewhere.title not in to_register


def test_dashboard_empty_states_and_counts(client, cast):
    page = html(login(client, cast.politician).get(reverse("dialog:dashboard")))
    assert escape(_("No dialogue is waiting for a decision of your bodies.")) in page

    make_dialogue(cast)
    make_dialogue(cast)
    page = html(login(client, cast.politician).get(reverse("dialog:dashboard")))
    link = element(page, f'#counts a[href="{reverse("dialog:list")}?state=initiative"]')
    assert text(link, ".counts__number") == "2"


def test_dashboard_for_someone_without_roles(client, cast):
    page = html(login(client, cast.outsider).get(reverse("dialog:dashboard")))
    assert 'id="counts"' not in page and 'id="mine"' not in page


# -- The list ----------------------------------------------------------------------------------


def rows(response) -> list[str]:
    """The dialogue titles in the list's table, in order."""
    return texts(response, 'th[scope="row"] > a[href]')


@pytest.fixture
def assorted(cast):
    """Dialogues that differ in one respect each."""
    official_draft = make_dialogue(cast, title="Alfa lekplats", question="Hur vill barnen leka?")
    planning = register(
        set_state(make_dialogue(cast, title="Beta bibliotek"), State.PLANNING), "KS 2025/7", 2025
    )
    other_body = new_dialogue(cast, title="Gamma simhall", body=cast.other_body)
    other_official = new_dialogue(
        cast, title="Delta cykelvägar", responsible_official=cast.other_official
    )
    registered = register(make_dialogue(cast, title="Epsilon torget"), "KS 2026/9", 2026)
    return {
        "official_draft": official_draft,
        "planning": planning,
        "other_body": other_body,
        "other_official": other_official,
        "registered": registered,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "planning"}, ["planning"]),
        ({"body": "other_body"}, ["other_body"]),
        ({"year": "2025"}, ["planning"]),
        ({"responsible": "otto"}, ["other_official"]),
        ({"responsible": "OTTO person"}, ["other_official"]),
        ({"responsible": "Olga Otto"}, []),
        ({"q": "gamma"}, ["other_body"]),
        ({"q": "2026/9"}, ["registered"]),
        ({"q": "barnen leka"}, ["official_draft"]),
        ({"state": "initiative", "q": "torget"}, ["registered"]),
    ],
)
def test_list_filters_narrow_the_rows(client, cast, assorted, params, expected):
    values = {"body": cast.other_body.pk, "responsible": cast.other_official.pk}
    query = {
        k: values.get(k, v) if v in ("other_body", "other_official") else v
        for k, v in params.items()
    }
    response = login(client, cast.official).get(reverse("dialog:list"), query)
    assert response.status_code == 200
    assert sorted(rows(response)) == sorted(assorted[key].title for key in expected)


def test_list_unfiltered_is_newest_first(client, cast, assorted):
    response = login(client, cast.official).get(reverse("dialog:list"))
    assert rows(response) == [
        "Epsilon torget",
        "Delta cykelvägar",
        "Gamma simhall",
        "Beta bibliotek",
        "Alfa lekplats",
    ]


def test_list_year_choices_come_from_registrations(client, cast, assorted):
    register(make_dialogue(cast, title="Zeta"), "KS 2025/8", 2025)
    page = html(login(client, cast.official).get(reverse("dialog:list")))
    years = [o["value"] for o in element(page, 'select[name="year"]').select("option")]
    assert years == ["", "2026", "2025"]  # each year once, newest first


def test_list_responsible_official_is_a_text_field_not_a_list_of_everyone(client, cast, assorted):
    # A form field to type a name in, which works without JavaScript (a plain GET form).
    login(client, cast.official)
    page = html(client.get(reverse("dialog:list")))
    field = element(page, 'input[name="responsible"]')
    assert field["type"] == "text"
    assert not element(page, "form.filters").select('select[name="responsible"]')
    assert element(page, 'label[for="id_responsible"]')
    found = client.get(reverse("dialog:list"), {"responsible": cast.other_official.username})
    assert rows(found) == ["Delta cykelvägar"]
    # The typed text is kept in the field.
    kept = element(html(found), 'input[name="responsible"]')
    assert kept["value"] == cast.other_official.username


def test_list_empty_state(client, cast):
    page = html(login(client, cast.official).get(reverse("dialog:list"), {"q": "finns inte"}))
    assert escape(_("No dialogue matches the filters.")) in page
    page = html(login(client, cast.official).get(reverse("dialog:list")))
    assert escape(_("There are no dialogues yet.")) in page


def test_list_invalid_filter_shows_error_not_everything(client, cast, assorted):
    response = login(client, cast.official).get(reverse("dialog:list"), {"state": "nonsense"})
    assert response.status_code == 200
    assert rows(response) == []
    assert "Välj ett giltigt alternativ" in html(response)


def test_list_is_refused_to_someone_without_roles(client, cast):
    response = login(client, cast.outsider).get(reverse("dialog:list"))
    assert response.status_code == 403
    assert escape(denied_reason("dialog.view_dialogue")) in html(response)


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_rows_and_it_paginates(
    client, cast, settings, django_assert_max_num_queries
):
    settings.DIALOGUES_PER_PAGE = 10
    login(client, cast.official)
    url = reverse("dialog:list")
    for n in range(3):
        register(make_dialogue(cast, title=f"Dialog {n:02}"), f"KS 2026/{n + 1}")
    client.get(url)  # warm the per-process caches first
    few = _list_queries(client, url)
    for n in range(3, 30):
        register(make_dialogue(cast, title=f"Dialog {n:02}"), f"KS 2026/{n + 1}")
    many = _list_queries(client, url)
    assert many == few
    with django_assert_max_num_queries(few):
        response = client.get(url, {"page": 3})
    assert rows(response) == [f"Dialog {n:02}" for n in range(9, -1, -1)]
    assert len(rows(client.get(url))) == 10
    assert 'rel="next"' in html(client.get(url))
    filtered = html(client.get(url, {"state": "initiative"}))
    assert "?state=initiative&page=2" in element(filtered, 'a[rel="next"]')["href"]


def test_htmx_request_gets_only_the_results(client, cast, assorted):
    response = login(client, cast.official).get(
        reverse("dialog:list"), {"state": "planning"}, headers={"HX-Request": "true"}
    )
    body = html(response)
    assert "<html" not in body and "<form" not in body
    assert rows(response) == ["Beta bibliotek"]
    assert "HX-Request" in response["Vary"]
    full = html(client.get(reverse("dialog:list")))
    assert 'hx-get="/dialoger/"' in full and 'hx-target="#results"' in full
    assert 'hx-push-url="true"' in full and 'id="results"' in full


# -- The dialogue page -------------------------------------------------------------------------


@pytest.fixture
def planned(cast, dialogue):
    """A dialogue approved at the mandate point from the minutes, now planning."""
    # Submitted before the decision date: a decision is not dated before its submission.
    with time_machine.travel(timezone.make_aware(datetime(2026, 1, 15, 10)), tick=True):
        services.register_case(dialogue_id=dialogue.pk, user=cast.clerk)
        services.run_transition(
            dialogue_id=dialogue.pk, name="submit_for_mandate", user=cast.official
        )
    run(
        dialogue,
        "approve_mandate",
        cast.clerk,
        comment="Kommunstyrelsen ger uppdraget.",
        paragraph="12",
        decided_on=date(2026, 1, 20),
    )
    return Dialogue.objects.get(pk=dialogue.pk)


def test_detail_shows_stepper_decisions_and_timeline(client, cast, planned):
    page = html(login(client, cast.official).get(planned.get_absolute_url()))
    assert page.count('aria-current="step"') == 1
    assert str(State.PLANNING.label) in text(page, '[aria-current="step"]')
    assert len(parse(page).select("ol.stepper .stepper__step--done")) == 2
    assert len(parse(page).select("ol.stepper .stepper__step--upcoming")) == 6
    assert planned.case_number in text(page, "#case-number")

    decisions = text(page, "#decisions")
    assert "Kommunstyrelsen ger uppdraget." in decisions
    assert "§ 12" in decisions and "2026-01-20" in decisions
    assert str(DecisionPoint.MANDATE.label) in decisions
    assert str(Decision.Kind.MEETING.label) in decisions
    assert cast.clerk.get_full_name() in decisions

    timeline = text(page, "#timeline")
    assert services.transition_label("submit_for_mandate") in timeline
    assert services.transition_label("approve_mandate") in timeline
    assert f"{State.MANDATE_DECISION.label} → {State.PLANNING.label}" in timeline
    assert "Kommunstyrelsen ger uppdraget." in timeline


def test_detail_official_at_initiative_has_the_submit_button(client, cast, dialogue):
    page = html(login(client, cast.official).get(dialogue.get_absolute_url()))
    available = element(page, "#available")
    assert action_url(dialogue, "submit_for_mandate") in offered(page)
    assert available.select_one('input[name="expected_state"][value="initiative"]')
    assert reverse("dialog:edit_initiative", args=[dialogue.pk]) in page
    assert reverse("dialog:edit_mandate", args=[dialogue.pk]) in page
    assert _("Not registered") in text(page, "#case-number")


def test_detail_politician_is_not_shown_actions_that_are_not_theirs(client, cast, dialogue):
    """Issue 14: actions the user has no permission for are not listed (the policy sentence
    repeated under each was noise); the next-step box says who acts instead."""
    page = html(login(client, cast.politician).get(dialogue.get_absolute_url()))
    assert not has(page, "#unavailable")
    assert not has(page, "#available")
    assert has(page, "#no-actions")
    assert services.transition_label("submit_for_mandate") not in text(page, "#actions")
    assert denied_reason("dialog.submit_for_mandate", dialogue) not in page
    assert action_url(dialogue, "submit_for_mandate") not in page
    # Cancelling is the body's decision, not one politician's (issue 12): not offered at all.
    assert action_url(dialogue, "cancel") not in page
    assert denied_reason("dialog.cancel", dialogue) not in page
    assert reverse("dialog:edit_initiative", args=[dialogue.pk]) not in page
    assert cast.official.get_full_name() in text(page, "#next-step-who")
    assert not has(page, "#next-step-action")


def test_detail_official_sees_what_is_missing_once(client, cast):
    """Conditions unmet are kept, with each reason said once, and the step's section offered."""
    dialogue = make_dialogue(cast, complete=False)
    page = html(login(client, cast.official).get(dialogue.get_absolute_url()))
    unavailable = text(page, "#unavailable")
    assert services.transition_label("submit_for_mandate") in unavailable
    reasons = texts(page, "#unavailable .unavailable__reasons li")
    assert reasons and len(reasons) == len(set(reasons))
    assert texts(page, "#next-step-missing li") == reasons
    assert element(page, "#next-step-action a")["href"] == "#initiative"


def test_detail_clerk_gets_the_register_button(client, cast, dialogue):
    page = html(login(client, cast.clerk).get(dialogue.get_absolute_url()))
    assert reverse("dialog:register", args=[dialogue.pk]) in page
    page = html(login(client, cast.official).get(dialogue.get_absolute_url()))
    assert reverse("dialog:register", args=[dialogue.pk]) not in page


def test_detail_of_cancelled_dialogue_shows_the_end_and_reason(client, cast, dialogue):
    services.run_transition(
        dialogue_id=dialogue.pk, name="cancel", user=cast.clerk, comment="Ingen budget."
    )
    page = html(login(client, cast.official).get(dialogue.get_absolute_url()))
    assert "Ingen budget." in text(page, "#ended")
    assert not has(page, '[aria-current="step"]')
    assert str(State.INITIATIVE.label) in text(page, "ol.stepper .stepper__step--stopped")


def test_detail_refuses_an_outsider_with_the_reason(client, cast, dialogue):
    response = login(client, cast.outsider).get(dialogue.get_absolute_url())
    assert response.status_code == 403
    assert escape(denied_reason("dialog.view_dialogue", dialogue)) in html(response)


def test_detail_of_missing_dialogue_is_404(client, cast):
    response = login(client, cast.official).get(reverse("dialog:detail", args=[999999]))
    assert response.status_code == 404
    assert 'id="main"' in html(response)  # our own page, in the layout

"""The dialogue pages over HTTP: who sees what, filters, edits, actions and the whole walk.

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
    TransitionLog,
)
from dialog.rules import denied_reason
from roles.models import Body
from tests.dialog.results_http import (
    compile_over_http,
    feedback_over_http,
    follow_up_over_http,
    process_over_http,
)
from tests.dialog.steps_http import execute_over_http, plan_over_http
from tests.factories import INITIATIVE, MANDATE, make_body, make_dialogue, put_in_state
from tests.helpers import element, has, html, links, login, parse, text, texts

REQUIRED = "Detta fält måste fyllas i."  # Django's own Swedish "This field is required."
CONTEXT_PROCESSOR = "core.context_processors.municipality"


@pytest.fixture(autouse=True)
def _municipality_in_context(settings):
    """Until the lead adds it to settings, make sure the layout gets the municipality name."""
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    if CONTEXT_PROCESSOR not in processors:
        templates = [dict(settings.TEMPLATES[0])]
        templates[0]["OPTIONS"] = {
            **templates[0]["OPTIONS"],
            "context_processors": [*processors, CONTEXT_PROCESSOR],
        }
        settings.TEMPLATES = templates


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
        ("dialog:dashboard", []),
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
        ({"responsible": "other_official"}, ["other_official"]),
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
    page = html(login(client, cast.official).get(reverse("dialog:list")))
    years = [o["value"] for o in element(page, 'select[name="year"]').select("option")]
    assert "2025" in years and "2026" in years
    assert "2024" not in years


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
    services.run_transition(
        dialogue_id=dialogue.pk,
        name="approve_mandate",
        user=cast.clerk,
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
    assert str(Decision.Source.MINUTES.label) in decisions
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


def test_detail_politician_sees_why_an_action_is_unavailable(client, cast, dialogue):
    page = html(login(client, cast.politician).get(dialogue.get_absolute_url()))
    unavailable = text(page, "#unavailable")
    assert services.transition_label("submit_for_mandate") in unavailable
    assert denied_reason("dialog.submit_for_mandate", dialogue) in unavailable
    assert action_url(dialogue, "submit_for_mandate") not in page
    # The politician of the body may cancel: that one is offered.
    assert action_url(dialogue, "cancel") in offered(page)
    assert reverse("dialog:edit_initiative", args=[dialogue.pk]) not in page


def test_detail_clerk_gets_the_register_button(client, cast, dialogue):
    page = html(login(client, cast.clerk).get(dialogue.get_absolute_url()))
    assert reverse("dialog:register", args=[dialogue.pk]) in page
    page = html(login(client, cast.official).get(dialogue.get_absolute_url()))
    assert reverse("dialog:register", args=[dialogue.pk]) not in page


def test_detail_of_cancelled_dialogue_shows_the_end_and_reason(client, cast, dialogue):
    services.run_transition(
        dialogue_id=dialogue.pk, name="cancel", user=cast.official, comment="Ingen budget."
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


# -- Creating ----------------------------------------------------------------------------------


def test_create_without_title_gives_swedish_field_error(client, cast):
    response = login(client, cast.official).post(
        reverse("dialog:create"),
        {"body": cast.body.pk, "responsible_official": cast.official.pk, "question": "Min fråga"},
    )
    assert response.status_code == 400
    assert REQUIRED in html(response)
    assert "Min fråga" in html(response)
    assert not Dialogue.objects.exists()


def test_create_a_draft_with_only_the_required_fields(client, cast):
    response = login(client, cast.politician).post(
        reverse("dialog:create"),
        {"title": "Ny park", "body": cast.body.pk, "responsible_official": cast.official.pk},
    )
    dialogue = Dialogue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == dialogue.get_absolute_url()
    assert dialogue.initiated_by == cast.politician
    assert dialogue.responsible_official == cast.official
    assert dialogue.state == State.INITIATIVE
    assert Mandate.objects.filter(dialogue=dialogue).exists()
    follow = client.get(response["Location"])
    assert "Ny park" in text(follow, ".messages")


def test_create_form_defaults_and_limits(client, cast):
    administration = make_body("FV", kind=Body.Kind.ADMINISTRATION)
    page = html(login(client, cast.official).get(reverse("dialog:create")))
    officials = element(page, 'select[name="responsible_official"]')
    assert officials.select_one(f'option[value="{cast.official.pk}"]').has_attr("selected")
    assert not officials.select(f'option[value="{cast.politician.pk}"]')
    bodies = [o["value"] for o in element(page, 'select[name="body"]')("option")]
    assert str(cast.body.pk) in bodies
    assert str(administration.pk) not in bodies
    assert page.count('name="participation_level"') == 5
    response = client.post(
        reverse("dialog:create"),
        {"title": "X", "body": administration.pk, "responsible_official": cast.official.pk},
    )
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in html(response)


def test_create_is_refused_to_someone_without_roles(client, cast):
    response = login(client, cast.outsider).get(reverse("dialog:create"))
    assert response.status_code == 403
    assert escape(denied_reason("dialog.add_dialogue")) in html(response)


# -- Editing the step content ------------------------------------------------------------------


def initiative_post(dialogue, version, **changes) -> dict:
    data = {**INITIATIVE, "body": dialogue.body.pk, "expected_updated_at": version}
    data.update(changes)
    return data


def test_edit_initiative_saves(client, cast, dialogue):
    url = reverse("dialog:edit_initiative", args=[dialogue.pk])
    page = login(client, cast.official).get(url)
    version = page.context["form"]["expected_updated_at"].value()
    response = client.post(url, initiative_post(dialogue, version, title="Trygghet i centrum"))
    assert response.status_code == 302
    assert Dialogue.objects.get(pk=dialogue.pk).title == "Trygghet i centrum"


def test_edit_with_stale_version_keeps_the_text_and_says_conflict(client, cast, dialogue):
    url = reverse("dialog:edit_initiative", args=[dialogue.pk])
    version = login(client, cast.official).get(url).context["form"]["expected_updated_at"].value()
    services.update_initiative(
        dialogue_id=dialogue.pk, user=cast.official, data={"title": "Kollegans rubrik"}
    )
    response = client.post(url, initiative_post(dialogue, version, title="Min egen rubrik"))
    assert response.status_code == 409
    page = html(response)
    conflict = text(page, "#conflict")
    # Who saved meanwhile, and when, from the history.
    saved = timezone.localtime(Dialogue.objects.get(pk=dialogue.pk).updated_at)
    said = _("%(name)s saved changes at %(time)s while you were editing.") % {
        "name": cast.official.get_full_name(),
        "time": saved.strftime("%H:%M"),
    }
    assert said in conflict
    assert "Kollegans rubrik" in conflict  # what is saved now
    assert 'value="Min egen rubrik"' in page  # what the user typed
    assert Dialogue.objects.get(pk=dialogue.pk).title == "Kollegans rubrik"
    # The form now carries the current version: saving again on purpose wins.
    again = response.context["form"]["expected_updated_at"].value()
    response = client.post(url, initiative_post(dialogue, again, title="Min egen rubrik"))
    assert response.status_code == 302
    assert Dialogue.objects.get(pk=dialogue.pk).title == "Min egen rubrik"


def test_edit_mandate_saves_and_detects_stale_version(client, cast, dialogue):
    url = reverse("dialog:edit_mandate", args=[dialogue.pk])
    version = login(client, cast.official).get(url).context["form"]["expected_updated_at"].value()
    data = {**MANDATE, "purpose": "Nytt syfte", "expected_updated_at": version}
    assert client.post(url, data).status_code == 302
    assert Mandate.objects.get(dialogue=dialogue).purpose == "Nytt syfte"
    stale = client.post(url, {**data, "purpose": "Ännu ett syfte"})
    assert stale.status_code == 409
    assert "Ännu ett syfte" in html(stale)
    assert Mandate.objects.get(dialogue=dialogue).purpose == "Nytt syfte"


def test_edit_after_the_initiative_step_is_refused_with_reason(client, cast, dialogue):
    dialogue = set_state(dialogue, State.PLANNING)
    for name in ("dialog:edit_initiative", "dialog:edit_mandate"):
        response = login(client, cast.official).get(reverse(name, args=[dialogue.pk]))
        assert response.status_code == 403
        assert escape(denied_reason("dialog.edit_initiative", dialogue)) in html(response)


def test_edit_responsibility(client, cast, dialogue):
    url = reverse("dialog:edit_responsibility", args=[dialogue.pk])
    page = html(login(client, cast.official).get(url))
    politicians = text(page, "#id_politicians")
    assert cast.politician.get_full_name() in page
    assert cast.other_politician.get_full_name() not in politicians
    response = client.post(
        url,
        {
            "responsible_official": cast.other_official.pk,
            "politicians": [cast.politician.pk],
            "experts": [cast.official.pk],
            "communicators": [],
        },
    )
    assert response.status_code == 302
    dialogue = Dialogue.objects.get(pk=dialogue.pk)
    assert dialogue.responsible_official == cast.other_official
    assert set(dialogue.assignments.values_list("person", "role")) == {
        (cast.politician.pk, Assignment.Role.POLITICIAN),
        (cast.official.pk, Assignment.Role.EXPERT),
    }
    bad = client.post(url, {"responsible_official": cast.other_politician.pk})
    assert bad.status_code == 403  # the official is no longer responsible


def test_edit_responsibility_rejects_a_politician_of_another_body(client, cast, dialogue):
    url = reverse("dialog:edit_responsibility", args=[dialogue.pk])
    response = login(client, cast.clerk).post(
        url,
        {"responsible_official": cast.official.pk, "politicians": [cast.other_politician.pk]},
    )
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in html(response)
    assert not dialogue.assignments.filter(person=cast.other_politician).exists()


# -- Actions -----------------------------------------------------------------------------------


def test_action_with_stale_expected_state_is_a_conflict(client, cast, dialogue):
    response = login(client, cast.official).post(
        action_url(dialogue, "submit_for_mandate"), {"expected_state": State.PLANNING}
    )
    assert response.status_code == 409
    assert 'id="conflict"' in html(response)
    assert state_of(dialogue) == State.INITIATIVE
    assert not TransitionLog.objects.exists()


def test_action_with_unmet_conditions_lists_what_is_missing(client, cast):
    draft = make_dialogue(cast, complete=False)
    response = login(client, cast.official).post(
        action_url(draft, "submit_for_mandate"), {"expected_state": State.INITIATIVE}
    )
    assert response.status_code == 409
    missing = text(response, "#missing")
    for item in draft.initiative_missing() + draft.mandate_missing():
        assert item in missing
    assert state_of(draft) == State.INITIATIVE


def test_action_permission_refused_is_403_with_reason(client, cast, dialogue):
    response = login(client, cast.politician).post(
        action_url(dialogue, "submit_for_mandate"), {"expected_state": State.INITIATIVE}
    )
    assert response.status_code == 403
    assert escape(denied_reason("dialog.submit_for_mandate", dialogue)) in html(response)
    assert state_of(dialogue) == State.INITIATIVE


def test_unknown_action_is_404(client, cast, dialogue):
    response = login(client, cast.official).get(action_url(dialogue, "explode"))
    assert response.status_code == 404


def test_cancel_needs_a_reason_and_keeps_the_form(client, cast, dialogue):
    url = action_url(dialogue, "cancel")
    page = login(client, cast.official).get(url)
    assert page.status_code == 200
    assert 'name="comment"' in html(page)
    response = client.post(url, {"expected_state": State.INITIATIVE, "comment": ""})
    assert response.status_code == 400
    assert REQUIRED in html(response)
    assert state_of(dialogue) == State.INITIATIVE
    response = client.post(url, {"expected_state": State.INITIATIVE, "comment": "Ingen budget."})
    assert response.status_code == 302
    assert Dialogue.objects.get(pk=dialogue.pk).cancel_reason == "Ingen budget."


def test_clerk_must_give_the_paragraph(client, cast, dialogue):
    dialogue = register(set_state(dialogue, State.MANDATE_DECISION))
    url = action_url(dialogue, "approve_mandate")
    page = login(client, cast.clerk).get(url)
    form = page.context["form"]
    assert form.fields["paragraph"].required
    assert form["decided_on"].value() == timezone.localdate()
    response = client.post(
        url,
        {
            "expected_state": State.MANDATE_DECISION,
            "decided_on": "2026-01-20",
            "paragraph": "",
            "text": "Uppdraget ges.",
        },
    )
    assert response.status_code == 400
    assert REQUIRED in html(response)
    assert "Uppdraget ges." in html(response)
    assert state_of(dialogue) == State.MANDATE_DECISION
    assert not Decision.objects.exists()


def test_decision_in_the_future_is_a_field_error(client, cast, dialogue):
    dialogue = register(set_state(dialogue, State.MANDATE_DECISION))
    response = login(client, cast.politician).post(
        action_url(dialogue, "approve_mandate"),
        {
            "expected_state": State.MANDATE_DECISION,
            "decided_on": "2999-01-01",
            "text": "Uppdraget ges.",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "decided_on" in errors
    assert state_of(dialogue) == State.MANDATE_DECISION


def test_action_page_for_an_action_not_possible_now(client, cast, dialogue):
    response = login(client, cast.official).get(action_url(dialogue, "approve_launch"))
    assert response.status_code == 409
    assert 'id="conflict"' in html(response)


# -- Registering the case ----------------------------------------------------------------------


def test_clerk_registers_the_case(client, cast, dialogue):
    url = reverse("dialog:register", args=[dialogue.pk])
    response = login(client, cast.clerk).post(url)
    assert response.status_code == 302
    number = Dialogue.objects.get(pk=dialogue.pk).case_number
    year = timezone.localdate().year
    assert number == f"KS {year}/1"
    page = html(client.get(response["Location"]))
    assert number in text(page, ".messages")


def test_register_refusals(client, cast, dialogue):
    url = reverse("dialog:register", args=[dialogue.pk])
    response = login(client, cast.official).post(url)
    assert response.status_code == 403
    assert escape(denied_reason("dialog.register_case", dialogue)) in html(response)
    assert login(client, cast.clerk).get(url).status_code == 405
    client.post(url)
    response = client.post(url, follow=True)
    number = Dialogue.objects.get(pk=dialogue.pk).case_number
    message = _("The case is already registered as %(number)s.") % {"number": number}
    assert message in text(response, ".messages")


# -- The whole walk ----------------------------------------------------------------------------


def test_full_walk_through_all_nine_steps_over_http(client, cast):
    # Step 1: the official proposes the dialogue, writes the mandate and names the politician.
    login(client, cast.official)
    response = client.post(
        reverse("dialog:create"),
        {**INITIATIVE, "body": cast.body.pk, "responsible_official": cast.official.pk},
    )
    assert response.status_code == 302
    dialogue = Dialogue.objects.get()
    url = reverse("dialog:edit_mandate", args=[dialogue.pk])
    version = client.get(url).context["form"]["expected_updated_at"].value()
    assert client.post(url, {**MANDATE, "expected_updated_at": version}).status_code == 302
    response = client.post(
        reverse("dialog:edit_responsibility", args=[dialogue.pk]),
        {"responsible_official": cast.official.pk, "politicians": [cast.politician.pk]},
    )
    assert response.status_code == 302

    def act(user, name, **data):
        login(client, user)
        data["expected_state"] = state_of(dialogue)
        page = client.get(action_url(dialogue, name))
        assert page.status_code == 200, name
        response = client.post(action_url(dialogue, name), data)
        assert response.status_code == 302, (name, html(response))
        return state_of(dialogue)

    today = timezone.localdate().isoformat()
    assert act(cast.official, "submit_for_mandate") == State.MANDATE_DECISION
    # The clerk registers the case; the politician approves the mandate in the app.
    login(client, cast.clerk)
    assert client.post(reverse("dialog:register", args=[dialogue.pk])).status_code == 302
    assert act(cast.politician, "approve_mandate", decided_on=today, text="Uppdraget ges.") == (
        State.PLANNING
    )
    login(client, cast.official)
    plan_over_http(client, dialogue, cast.official)
    assert act(cast.official, "submit_for_launch") == State.LAUNCH_DECISION
    # The clerk records the launch decision from the minutes, with its paragraph.
    assert (
        act(cast.clerk, "approve_launch", decided_on=today, paragraph="§ 57", text="Gå vidare.")
        == State.EXECUTION
    )
    login(client, cast.official)
    execute_over_http(client, dialogue)
    assert act(cast.official, "start_compilation") == State.COMPILATION
    compile_over_http(client, dialogue)
    assert act(cast.official, "present_results") == State.FEEDBACK
    feedback_over_http(client, dialogue)
    assert act(cast.official, "start_processing") == State.PROCESSING
    process_over_http(client, dialogue)
    assert act(cast.official, "submit_for_decision") == State.DECISION
    assert (
        act(cast.politician, "decide", decided_on=today, text="Åtgärdsplanen antas.")
        == State.DECISION
    )
    login(client, cast.official)
    follow_up_over_http(client, dialogue)
    assert act(cast.official, "close") == State.CLOSED

    dialogue = Dialogue.objects.get(pk=dialogue.pk)
    assert dialogue.case_number == f"KS {timezone.localdate().year}/1"
    decisions = list(Decision.objects.filter(dialogue=dialogue).order_by("pk"))
    assert [(d.point, d.source, d.paragraph, d.recorded_by) for d in decisions] == [
        (DecisionPoint.MANDATE, Decision.Source.APPROVAL, "", cast.politician),
        (DecisionPoint.LAUNCH, Decision.Source.MINUTES, "57", cast.clerk),
        (DecisionPoint.FINAL, Decision.Source.APPROVAL, "", cast.politician),
    ]
    assert all(d.outcome == Decision.Outcome.APPROVED for d in decisions)
    log = list(TransitionLog.objects.filter(dialogue=dialogue).order_by("at", "pk"))
    assert [entry.transition for entry in log] == [
        "submit_for_mandate",
        "approve_mandate",
        "submit_for_launch",
        "approve_launch",
        "start_compilation",
        "present_results",
        "start_processing",
        "submit_for_decision",
        "decide",
        "close",
    ]
    assert log[-1].target == State.CLOSED and log[-1].by == cast.official
    assert [e.decision_id for e in log if e.decision_id] == [d.pk for d in decisions]

    page = html(client.get(dialogue.get_absolute_url()))
    assert len(parse(page).select("ol.stepper .stepper__step--done")) == 9
    assert "§ 57" in text(page, "#decisions")


def test_dialogue_page_queries_do_not_grow_with_its_content(
    client, cast, django_assert_max_num_queries
):
    """The step sections list activities, decision points and actions without a query per row."""
    from dialog.models import ActionItem, PlannedDecisionPoint
    from tests.factories import add_activity

    dialogue = make_dialogue(cast)
    client.force_login(cast.official)
    url = reverse("dialog:detail", args=[dialogue.pk])

    def add_rows(n):
        for i in range(n):
            activity = add_activity(dialogue, title=f"Aktivitet {i}")
            activity.politicians.add(cast.politician)
            # Each decision point is planned once per dialogue; other points go by a label.
            PlannedDecisionPoint.objects.create(
                dialogue=dialogue, label=f"Avstämning {i}", planned_on="2027-06-01", body=cast.body
            )
            ActionItem.objects.create(
                dialogue=dialogue, action=f"Åtgärd {i}", responsible=cast.official
            )

    add_rows(1)
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_rows(10)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200
    assert "Aktivitet 9" in response.content.decode()


def test_stepper_links_the_steps_reached_to_their_sections(client, cast):
    dialogue = put_in_state(make_dialogue(cast), State.PLANNING)
    page = html(login(client, cast.official).get(reverse("dialog:detail", args=[dialogue.pk])))
    stepper = links(element(page, "ol.stepper"))
    assert "#initiative" in stepper and "#planning" in stepper
    # Steps not reached yet have no section to jump to.
    assert "#execution" not in stepper
    assert has(page, "#planning")

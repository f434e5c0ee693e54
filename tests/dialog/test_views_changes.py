"""The dialogue pages over HTTP that change things: creating, editing, actions, registering and
the whole walk. (tests/dialog/test_views.py has the reading side.)

Texts that come from our own English msgids are computed with gettext under the active
language, so the tests hold before and after the Swedish catalogue exists.
"""

from datetime import timedelta

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
from tests.dialog.test_views import action_url, register, set_state, state_of
from tests.factories import INITIATIVE, MANDATE, make_body, make_dialogue, put_in_state
from tests.helpers import element, has, html, links, login, parse, text

# Each required message names its field (issue 14: "Fyll i <fältet>", not Django's generic one).
REQUIRED = "Fyll i "
GENERIC = "Detta fält måste fyllas i."

# -- Creating ----------------------------------------------------------------------------------


def test_create_without_title_gives_swedish_field_error(client, cast):
    response = login(client, cast.official).post(
        reverse("dialog:create"),
        {"body": cast.body.pk, "responsible_official": cast.official.pk, "question": "Min fråga"},
    )
    assert response.status_code == 400
    assert REQUIRED in html(response) and GENERIC not in html(response)
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
    page = login(client, cast.clerk).get(url)
    assert page.status_code == 200
    assert 'name="comment"' in html(page)
    response = client.post(url, {"expected_state": State.INITIATIVE, "comment": ""})
    assert response.status_code == 400
    assert REQUIRED in html(response) and GENERIC not in html(response)
    assert state_of(dialogue) == State.INITIATIVE
    response = client.post(url, {"expected_state": State.INITIATIVE, "comment": "Ingen budget."})
    assert response.status_code == 302
    assert Dialogue.objects.get(pk=dialogue.pk).cancel_reason == "Ingen budget."


def test_clerk_must_give_the_paragraph(client, cast, dialogue):
    dialogue = register(set_state(dialogue, State.MANDATE_DECISION))
    url = action_url(dialogue, "approve_mandate")
    from tests.factories import make_meeting

    meeting = make_meeting(cast.body)
    page = login(client, cast.clerk).get(url)
    form = page.context["form"]
    assert form.fields["paragraph"].required
    assert list(form.fields["meeting"].queryset) == [meeting]
    response = client.post(
        url,
        {
            "expected_state": State.MANDATE_DECISION,
            "meeting": meeting.pk,
            "paragraph": "",
            "text": "Uppdraget ges.",
        },
    )
    assert response.status_code == 400
    assert REQUIRED in html(response) and GENERIC not in html(response)
    assert "Uppdraget ges." in html(response)
    assert state_of(dialogue) == State.MANDATE_DECISION
    assert not Decision.objects.exists()


def test_a_meeting_not_yet_held_is_a_field_error(client, cast, dialogue):
    from tests.factories import make_meeting

    dialogue = register(set_state(dialogue, State.MANDATE_DECISION))
    upcoming = make_meeting(cast.body, timezone.localdate() + timedelta(days=7))
    url = action_url(dialogue, "approve_mandate")
    # Only held meetings are offered; one not yet held is refused on the field.
    page = login(client, cast.clerk).get(url)
    assert upcoming not in page.context["form"].fields["meeting"].queryset
    response = client.post(
        url,
        {
            "expected_state": State.MANDATE_DECISION,
            "meeting": upcoming.pk,
            "paragraph": "3",
            "text": "Uppdraget ges.",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "meeting" in errors
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
    # The registrar's GET is the registration page (the number's field in an external diarium).
    assert login(client, cast.clerk).get(url).status_code == 200
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

    from tests.factories import make_meeting, write_case_memos

    # Each submission needs its point's tjänsteskrivelse: written here through the factory (the
    # Chromium walk in tests/browser/test_dialogue_walk.py fills the memo forms themselves).
    write_case_memos(dialogue)
    # The body meets today; the secretary records each decision from the minutes (issue 12).
    meeting = make_meeting(cast.body).pk
    assert act(cast.official, "submit_for_mandate") == State.MANDATE_DECISION
    # The clerk registers the case and records the mandate decision of the body's meeting.
    login(client, cast.clerk)
    assert client.post(reverse("dialog:register", args=[dialogue.pk])).status_code == 302
    assert act(
        cast.clerk, "approve_mandate", meeting=meeting, paragraph="56", text="Uppdraget ges."
    ) == (State.PLANNING)
    login(client, cast.official)
    plan_over_http(client, dialogue, cast.official)
    assert act(cast.official, "submit_for_launch") == State.LAUNCH_DECISION
    # The clerk records the launch decision from the minutes, with its paragraph.
    assert (
        act(cast.clerk, "approve_launch", meeting=meeting, paragraph="§ 57", text="Gå vidare.")
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
        act(cast.clerk, "decide", meeting=meeting, paragraph="58", text="Åtgärdsplanen antas.")
        == State.DECISION
    )
    login(client, cast.official)
    follow_up_over_http(client, dialogue)
    assert act(cast.official, "close") == State.CLOSED

    dialogue = Dialogue.objects.get(pk=dialogue.pk)
    assert dialogue.case_number == f"KS {timezone.localdate().year}/1"
    decisions = list(Decision.objects.filter(dialogue=dialogue).order_by("pk"))
    assert [(d.point, d.kind, d.paragraph, d.recorded_by) for d in decisions] == [
        (DecisionPoint.MANDATE, Decision.Kind.MEETING, "56", cast.clerk),
        (DecisionPoint.LAUNCH, Decision.Kind.MEETING, "57", cast.clerk),
        (DecisionPoint.FINAL, Decision.Kind.MEETING, "58", cast.clerk),
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

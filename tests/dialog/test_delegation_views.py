"""The pages for decisions on a body's behalf (issue 12): the delegation and urgent decision
forms, the secretary's list of decisions to report and the chair's absence; bad input gives a
Swedish message on the field, the typed text kept, nothing saved."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialog.models import Decision, State
from dialog.services import delegated
from governance.models import DelegationPoint
from roles.models import ChairAbsence, Meeting
from tests.delegation_support import DelegationCast, make_order
from tests.factories import make_dialogue, put_in_state
from tests.helpers import element, fresh, has, html, login, text

Delegate = DelegationPoint.Delegate
# Each required message names its field (issue 14: "Fyll i <fältet>").
REQUIRED = "Fyll i "


@pytest.fixture
def team(cast):
    team = DelegationCast(cast)
    make_order(cast.body, ("mandate", Delegate.SUBCOMMITTEE, team.utskott, "", "3.2"))
    return team


@pytest.fixture
def waiting(cast, team):
    return put_in_state(make_dialogue(cast), State.MANDATE_DECISION)


def url(dialogue, view, name="approve_mandate"):
    return reverse(f"dialog:{view}", args=[dialogue.pk, name])


def test_the_dialogue_page_offers_each_user_their_own_forms_of_decision(client, team, waiting):
    page = login(client, team.utskott_member).get(waiting.get_absolute_url())
    assert url(waiting, "decide_by_delegation") in html(page)
    assert "3.2" in text(page, "#decision-forms")
    assert not has(page, "#urgent-actions")
    page = login(client, team.chair).get(waiting.get_absolute_url())
    assert url(waiting, "decide_urgently") in html(page)
    assert not has(page, "#delegation-actions")
    for nobody in (team.deputy, team.member, team.vice_chair):
        assert not has(login(client, nobody).get(waiting.get_absolute_url()), "#decision-forms")
    page = login(client, team.secretary).get(waiting.get_absolute_url())
    assert reverse("dialog:delegation_reports") in html(page)


def test_a_delegation_decision_refuses_an_empty_text_and_keeps_the_date(client, team, waiting):
    client = login(client, team.utskott_member)
    page = client.get(url(waiting, "decide_by_delegation"))
    assert page.status_code == 200 and "punkt 3.2" in text(page, "#delegation-quote")
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        url(waiting, "decide_by_delegation"),
        {"expected_state": waiting.state, "text": "", "decided_on": day},
    )
    assert response.status_code == 400
    field = element(response, ".field--error")
    assert (
        REQUIRED + "beslutstext" in text(field)
        and field.select_one("textarea[name=text]") is not None
    )
    assert element(response, "input[name=decided_on]")["value"] == day
    assert not Decision.objects.filter(dialogue=waiting).exists()
    response = client.post(
        url(waiting, "decide_by_delegation"),
        {"expected_state": waiting.state, "text": "Uppdraget ges.", "decided_on": day},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(dialogue=waiting)
    assert (decision.kind, decision.decided_on.isoformat()) == (Decision.Kind.DELEGATION, day)
    assert fresh(waiting).state == State.PLANNING


def test_an_urgent_decision_without_its_reason_keeps_the_typed_text(client, team, waiting):
    client = login(client, team.chair)
    typed = "Dialogen startas före sommaren."
    response = client.post(
        url(waiting, "decide_urgently"),
        {
            "expected_state": waiting.state,
            "text": typed,
            "decided_on": timezone.localdate().isoformat(),
            "urgency_reason": "",
        },
    )
    assert response.status_code == 400
    field = element(response, ".field--error")
    assert (
        REQUIRED + "varför beslutet inte kunde vänta" in text(field)
        and field.select_one("[name=urgency_reason]") is not None
    )
    assert element(response, "textarea[name=text]").get_text().strip() == typed
    assert fresh(waiting).state == State.MANDATE_DECISION


def test_someone_the_order_does_not_name_is_refused_with_the_reason(client, team, waiting):
    for person, view in (
        (team.deputy, "decide_by_delegation"),
        (team.vice_chair, "decide_urgently"),
    ):
        response = login(client, person).get(url(waiting, view))
        assert response.status_code == 403
    response = login(client, team.member).post(
        url(waiting, "decide_by_delegation"),
        {"expected_state": waiting.state, "text": "Ja.", "decided_on": "2026-01-01"},
    )
    assert response.status_code == 403 and "3.2" in html(response)
    assert not Decision.objects.filter(dialogue=waiting).exists()


def test_the_secretary_records_where_a_decision_was_reported(client, cast, team, waiting):
    delegated.decide_by_delegation(
        dialogue_id=waiting.pk, name="approve_mandate", user=team.utskott_member, text="Ja."
    )
    decision = Decision.objects.get(dialogue=waiting)
    assert login(client, team.chair).get(reverse("dialog:delegation_reports")).status_code == 403
    client = login(client, team.secretary)
    page = client.get(reverse("dialog:delegation_reports"))
    assert has(page, f"#decision-{decision.pk}")
    meeting = Meeting.objects.create(body=cast.body, held_on=decision.decided_on)
    prefix = f"report-{decision.pk}"
    target = reverse("dialog:record_report", args=[decision.pk])
    response = client.post(target, {f"{prefix}-meeting": meeting.pk, f"{prefix}-paragraph": ""})
    assert response.status_code == 400
    field = element(response, f"#decision-{decision.pk} .field--error")
    assert field.select_one(f"input[name={prefix}-paragraph]") is not None
    assert fresh(decision).reported_meeting is None
    response = client.post(target, {f"{prefix}-meeting": meeting.pk, f"{prefix}-paragraph": "12"})
    assert response.status_code == 302
    assert (fresh(decision).reported_meeting, fresh(decision).reported_paragraph) == (meeting, "12")
    assert not has(client.get(reverse("dialog:delegation_reports")), f"#decision-{decision.pk}")


def test_marking_the_chair_absent_refuses_an_end_before_the_start(client, cast, team):
    client = login(client, team.secretary)
    today = timezone.localdate()
    response = client.post(
        reverse("dialog:note_chair_absence"),
        {
            "body": cast.body.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=2)).isoformat(),
            "note": "Sjukskriven",
        },
    )
    assert response.status_code == 400
    assert has(response, "#chair-absences .field--error")
    assert element(response, "input[name=note]")["value"] == "Sjukskriven"
    assert not ChairAbsence.objects.exists()
    response = client.post(
        reverse("dialog:note_chair_absence"),
        {"body": cast.body.pk, "starts_on": today.isoformat(), "ends_on": "", "note": ""},
    )
    assert response.status_code == 302 and ChairAbsence.chair_absent(cast.body)


def test_the_initiative_form_lets_a_user_dialogue_be_owned_by_an_administration(client, cast, team):
    from dialog.models import DialogueKind
    from tests.factories import INITIATIVE

    dialogue = make_dialogue(cast, complete=False, **INITIATIVE)
    edit = reverse("dialog:edit_initiative", args=[dialogue.pk])
    page = login(client, cast.official).get(edit)
    version = page.context["form"]["expected_updated_at"].value()
    post = {**INITIATIVE, "body": team.administration.pk, "expected_updated_at": version}
    response = client.post(edit, {**post, "kind": DialogueKind.CITIZEN})
    assert response.status_code == 400
    field = element(response, ".field--error")
    assert field.select_one("[name=body]") is not None
    assert fresh(dialogue).body == cast.body
    response = client.post(edit, {**post, "kind": DialogueKind.USER})
    assert response.status_code == 302
    assert (fresh(dialogue).body, fresh(dialogue).kind) == (team.administration, DialogueKind.USER)


def test_the_generic_decision_link_leads_a_delegate_or_the_chair_to_their_own_form(
    client, team, waiting
):
    generic = reverse("dialog:action", args=[waiting.pk, "approve_mandate"])
    response = login(client, team.utskott_member).get(generic)
    assert response.status_code == 302
    assert response["Location"] == url(waiting, "decide_by_delegation")
    response = login(client, team.chair).get(generic)
    assert response["Location"] == url(waiting, "decide_urgently")
    # The secretary records the meeting's decision there, as before.
    assert login(client, team.secretary).get(generic).status_code == 200

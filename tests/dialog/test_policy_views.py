"""The policy profile on the dialogue pages: the initiative questions, the target groups, the body
choice at a decision, the profile and steering documents on the page, linking the documents a
decision changes, and the reminders on the dashboard and by e-mail (issues 3 and 4)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from dialog.models import (
    Decision,
    Dialogue,
    DialogueKind,
    InitiativeAnswer,
    PlannedDecisionPoint,
    State,
    TargetGroup,
    TransitionLog,
)
from dialog.selectors import overdue, reminders
from governance import services as governance_services
from governance.models import DocumentType
from governance.profiles import INITIATIVE_QUESTIONS
from roles.models import Body, Membership
from tests.factories import (
    INITIATIVE,
    MANDATE,
    make_body,
    make_dialogue,
    make_member,
    put_in_state,
    use_profile,
)
from tests.helpers import element, fresh, html, links, login, text


def preset(key, **kwargs):
    return governance_services.load_preset(key=key, **kwargs).profile


def make_policy_document(user, title="Policy för medborgardialog", **extra):
    council = make_body("KF", "Kommunfullmäktige", kind=Body.Kind.COUNCIL)
    data = {
        "title": title,
        "type": DocumentType.objects.get(name="Policy"),
        "adopting_body": council,
        "status": "adopted",
        "decision_date": date(2017, 9, 25),
        "valid_from": date(2017, 10, 1),
        **extra,
    }
    return governance_services.create_document(data=data, user=user)


# -- The initiative page ----------------------------------------------------------------------


def test_initiative_page_asks_the_profiles_questions_and_saves_the_answers(client, cast):
    dialogue = use_profile(make_dialogue(cast, complete=False, **INITIATIVE), preset("solna"))
    url = reverse("dialog:edit_initiative", args=[dialogue.pk])
    page = login(client, cast.official).get(url)
    content = html(page)
    assert escape(str(INITIATIVE_QUESTIONS["knowledge_needed"])) in content
    assert escape(str(INITIATIVE_QUESTIONS["residents_engaged"])) not in content  # Forshaga's
    version = page.context["form"]["expected_updated_at"].value()
    response = client.post(
        url,
        {
            **INITIATIVE,
            "body": dialogue.body.pk,
            "kind": DialogueKind.USER,
            "expected_updated_at": version,
            "question_knowledge_needed": "yes",
            "question_knowledge_needed_comment": "Vi vet för lite om vad unga tycker.",
            "question_open_to_influence": "no",
        },
    )
    assert response.status_code == 302
    dialogue = fresh(dialogue)
    assert dialogue.kind == DialogueKind.USER
    assert {(a.question, a.answer, a.comment) for a in dialogue.initiative_answers.all()} == {
        ("knowledge_needed", True, "Vi vet för lite om vad unga tycker."),
        ("open_to_influence", False, ""),
    }
    detail = html(client.get(dialogue.get_absolute_url()))
    assert 'id="user-dialogue-mark"' in detail
    answers = text(detail, "#initiative-answers")
    assert str(INITIATIVE_QUESTIONS["open_to_influence"]) in answers
    assert "Vi vet för lite om vad unga tycker." in answers


def test_refused_submit_keeps_the_answers_and_says_why(client, cast):
    dialogue = use_profile(make_dialogue(cast), preset("solna"))
    InitiativeAnswer.objects.filter(dialogue=dialogue, question="open_to_influence").update(
        answer=False, comment="Beslutet är redan fattat."
    )
    response = login(client, cast.official).post(
        reverse("dialog:action", args=[dialogue.pk, "submit_for_mandate"]),
        {"expected_state": State.INITIATIVE},
    )
    assert response.status_code == 409
    assert escape(str(INITIATIVE_QUESTIONS["open_to_influence"])) in html(response)
    assert fresh(dialogue).state == State.INITIATIVE
    kept = InitiativeAnswer.objects.get(dialogue=dialogue, question="open_to_influence")
    assert kept.comment == "Beslutet är redan fattat."


# -- The mandate page ---------------------------------------------------------------------------


def mandate_post(page, **groups) -> dict:
    return {
        **MANDATE,
        "expected_updated_at": page.context["form"]["expected_updated_at"].value(),
        **groups,
    }


def test_mandate_page_records_target_groups_as_data(client, cast):
    dialogue = use_profile(make_dialogue(cast, complete=False, **INITIATIVE), preset("sandviken"))
    url = reverse("dialog:edit_mandate", args=[dialogue.pk])
    page = login(client, cast.official).get(url)
    assert escape(str(_("The dialogue policy says this group must always be considered."))) in (
        html(page)
    )
    response = client.post(
        url,
        mandate_post(
            page,
            group_disability_council="yes",
            group_pensioners_council="no",
            group_pensioners_council_reason="Frågan gäller unga.",
            group_children_young="yes",
            other_groups="Näringsidkare i centrum\nFöreningslivet\n",
        ),
    )
    assert response.status_code == 302
    rows = {(g.group, g.name, g.included, g.reason) for g in fresh(dialogue).target_groups.all()}
    assert rows == {
        ("disability_council", "", True, ""),
        ("pensioners_council", "", False, "Frågan gäller unga."),
        ("children_young", "", True, ""),
        ("other", "Näringsidkare i centrum", True, ""),
        ("other", "Föreningslivet", True, ""),
    }
    detail = html(client.get(dialogue.get_absolute_url()))
    groups = text(detail, "#target-groups")
    assert "Frågan gäller unga." in groups and "Föreningslivet" in groups


def test_mandate_page_refuses_a_group_left_out_without_reason_and_keeps_the_text(client, cast):
    dialogue = make_dialogue(cast, complete=False, **INITIATIVE)
    url = reverse("dialog:edit_mandate", args=[dialogue.pk])
    page = login(client, cast.official).get(url)
    response = client.post(
        url, mandate_post(page, group_children_young="no", purpose="Mitt nya syfte")
    )
    assert response.status_code == 400
    assert "group_children_young_reason" in response.context["form"].errors
    assert "Mitt nya syfte" in html(response)
    assert not TargetGroup.objects.filter(dialogue=dialogue).exists()


# -- The decision: who, and for which body -------------------------------------------------------


def test_action_form_offers_the_meetings_of_every_body_the_secretary_records_for(client, cast):
    from tests.factories import make_meeting

    profile = governance_services.load_preset(key="sandviken").profile
    profile.pk = None
    profile.key, profile.name, profile.mandate_decided_by = "any", "Alla", "any_political_body"
    profile.save()
    dialogue = put_in_state(use_profile(make_dialogue(cast), profile), State.MANDATE_DECISION)
    Membership.objects.create(
        person=cast.clerk,
        body=cast.other_body,
        role=Membership.Role.SECRETARY,
        valid_from=date(2020, 1, 1),
    )
    own, other = make_meeting(cast.body), make_meeting(cast.other_body)
    url = reverse("dialog:action", args=[dialogue.pk, "approve_mandate"])
    page = login(client, cast.clerk).get(url)
    assert set(page.context["form"].fields["meeting"].queryset) == {own, other}
    response = client.post(
        url,
        {
            "expected_state": State.MANDATE_DECISION,
            "meeting": other.pk,
            "paragraph": "9",
            "text": "Uppdraget ges.",
        },
    )
    assert response.status_code == 302
    assert fresh(dialogue).decisions.get().body == cast.other_body
    # One deciding body only: only its meetings are offered.
    single = put_in_state(
        use_profile(make_dialogue(cast, title="En"), profile), State.LAUNCH_DECISION
    )
    page = client.get(reverse("dialog:action", args=[single.pk, "approve_launch"]))
    assert list(page.context["form"].fields["meeting"].queryset) == [own]


def test_hagfors_action_page_refuses_the_board_and_names_the_council(client, cast):
    make_body("KF", "Kommunfullmäktige", kind=Body.Kind.COUNCIL)
    dialogue = put_in_state(
        use_profile(make_dialogue(cast), preset("hagfors")), State.MANDATE_DECISION
    )
    response = login(client, cast.clerk).post(
        reverse("dialog:action", args=[dialogue.pk, "approve_mandate"]),
        {"expected_state": State.MANDATE_DECISION, "paragraph": "3", "text": "Ja."},
    )
    assert response.status_code == 403
    assert "kommunfullmäktige" in html(response).casefold()
    assert "(Kommunfullmäktige)" not in html(response)
    assert fresh(dialogue).state == State.MANDATE_DECISION


def test_solna_official_records_the_stance_over_http(client, cast):
    dialogue = put_in_state(
        use_profile(make_dialogue(cast), preset("solna")), State.MANDATE_DECISION
    )
    url = reverse("dialog:action", args=[dialogue.pk, "approve_mandate"])
    page = login(client, cast.official).get(url)
    # Worded as noting a stance: where the politicians were informed, when, what they said; no
    # § and no decision date, nothing to approve.
    form = page.context["form"]
    assert set(form.fields) == {"expected_state", "informed_occasion", "informed_on", "text"}
    content = html(page)
    assert escape(_("Note the politicians' stance")) in content
    assert 'id="stance-lead"' in content
    assert escape(_("Approve mandate")) not in content
    assert escape(_("paragraph (§)")) not in content
    assert 'name="paragraph"' not in content
    assert form.fields["text"].label.lower() == _("what they said").lower()
    detail = html(client.get(dialogue.get_absolute_url()))
    assert escape(_("Note the politicians' stance")) in detail
    assert escape(_("Approve mandate")) not in detail
    # Nothing is noted without saying who was informed.
    missing = client.post(
        url, {"expected_state": State.MANDATE_DECISION, "informed_on": "2026-01-10", "text": "Ja."}
    )
    assert missing.status_code == 400 and "informed_occasion" in missing.context["form"].errors
    response = client.post(
        url,
        {
            "expected_state": State.MANDATE_DECISION,
            "informed_occasion": "Kommunstyrelsens presidium",
            "informed_on": "2026-01-10",
            "text": "Presidiet ställer sig bakom dialogen.",
        },
    )
    assert response.status_code == 302
    decision = fresh(dialogue).decisions.get()
    assert decision.kind == Decision.Kind.STANCE
    assert (decision.paragraph, decision.decided_on) == ("", date(2026, 1, 10))
    assert decision.informed_occasion == "Kommunstyrelsens presidium"
    assert decision.text == "Presidiet ställer sig bakom dialogen."
    assert fresh(dialogue).state == State.PLANNING


def test_the_secretary_under_solna_still_records_a_meeting_decision(client, cast):
    dialogue = put_in_state(
        use_profile(make_dialogue(cast), preset("solna")), State.MANDATE_DECISION
    )
    url = reverse("dialog:action", args=[dialogue.pk, "approve_mandate"])
    page = login(client, cast.clerk).get(url)
    assert {"meeting", "paragraph"} <= set(page.context["form"].fields)
    assert "informed_occasion" not in page.context["form"].fields
    assert escape(_("Approve mandate")) in html(page)
    # One politician decides nothing by a click: the action is not available to them.
    page = login(client, cast.politician).get(url)
    assert not page.context["action"].available


# -- The profile and the steering documents on the dialogue page ---------------------------------


def test_created_dialogue_shows_its_profile_and_governing_policy(client, cast):
    document = make_policy_document(cast.official)
    preset("hagfors", policy_document=document)
    login(client, cast.official)
    response = client.post(
        reverse("dialog:create"),
        {**INITIATIVE, "body": cast.body.pk, "responsible_official": cast.official.pk},
    )
    dialogue = Dialogue.objects.get(title=INITIATIVE["title"])
    assert response.status_code == 302
    assert dialogue.policy_profile.key == "hagfors"
    page = html(client.get(dialogue.get_absolute_url()))
    profile = text(page, "#policy-profile")
    assert dialogue.policy_profile.display_label in profile
    assert "Seed" not in profile  # the preset's internal source note is not shown
    governing = element(page, "#governing-documents")
    assert reverse("governance:detail", args=[document.pk]) in links(governing)
    assert 'id="link-documents"' not in page  # only at processing or decision


def test_official_links_the_documents_the_decision_changes(client, cast):
    document = make_policy_document(cast.official, title="Riktlinje för lekplatser")
    draft = make_policy_document(cast.official, title="Utkast", status="draft")
    dialogue = put_in_state(make_dialogue(cast), State.PROCESSING)
    url = reverse("dialog:link_documents", args=[dialogue.pk])
    login(client, cast.official)
    page = html(client.get(dialogue.get_absolute_url()))
    assert "Utkast" not in text(page, "#link-documents")
    response = client.post(url, {"documents": [document.pk]})
    assert response.status_code == 302
    assert list(fresh(dialogue).changed_documents.all()) == [document]
    # A draft is not offered, and posting one is a form error, not a link.
    client.post(url, {"documents": [draft.pk]})
    assert list(fresh(dialogue).changed_documents.all()) == [document]
    changed = text(client.get(dialogue.get_absolute_url()), "#changed-documents")
    assert "Riktlinje för lekplatser" in changed


def test_only_the_responsible_official_at_processing_or_decision_links_documents(client, cast):
    document = make_policy_document(cast.official)
    dialogue = put_in_state(make_dialogue(cast), State.PROCESSING)
    url = reverse("dialog:link_documents", args=[dialogue.pk])
    assert login(client, cast.politician).post(url, {"documents": [document.pk]}).status_code == 403
    early = make_dialogue(cast, title="Tidig")
    early_url = reverse("dialog:link_documents", args=[early.pk])
    assert login(client, cast.official).post(
        early_url, {"documents": [document.pk]}
    ).status_code == (403)
    assert not fresh(dialogue).changed_documents.exists()


# -- Reminders --------------------------------------------------------------------------------


def waiting_since(dialogue, state, days):
    dialogue = put_in_state(dialogue, state)
    TransitionLog.objects.create(
        dialogue=dialogue,
        transition="submit",
        source=State.INITIATIVE,
        target=state,
        by=dialogue.responsible_official,
        at=timezone.now() - timedelta(days=days),
    )
    return dialogue


def test_decision_point_waiting_longer_than_the_profile_allows_is_a_reminder(cast):
    profile = preset("sandviken")  # 30 days
    late = waiting_since(
        use_profile(make_dialogue(cast, title="Sen"), profile), State.MANDATE_DECISION, 31
    )
    waiting_since(
        use_profile(make_dialogue(cast, title="I tid"), profile), State.MANDATE_DECISION, 29
    )
    found = reminders()
    assert [r.dialogue.pk for r in found] == [late.pk]
    assert {cast.official.pk, cast.politician.pk, cast.clerk.pk} <= found[0].recipient_ids
    assert cast.other_politician.pk not in found[0].recipient_ids
    assert [r.dialogue.pk for r in overdue(cast.politician)] == [late.pk]
    assert overdue(cast.other_politician) == []


def test_reminders_go_to_the_council_under_hagfors(cast):
    council = make_body("KF", "Kommunfullmäktige", kind=Body.Kind.COUNCIL)
    kf = make_member(council, Membership.Role.MEMBER, first_name="Frida")
    waiting_since(use_profile(make_dialogue(cast), preset("hagfors")), State.MANDATE_DECISION, 40)
    (reminder,) = reminders()
    assert kf.pk in reminder.recipient_ids and cast.politician.pk not in reminder.recipient_ids


def test_passed_planned_decision_date_is_a_reminder(cast):
    dialogue = put_in_state(make_dialogue(cast), State.EXECUTION)
    # The final decision is planned once per dialogue (the plan has it): it has now passed.
    PlannedDecisionPoint.objects.update_or_create(
        dialogue=dialogue,
        point="final",
        defaults={"planned_on": timezone.localdate() - timedelta(days=1)},
    )
    PlannedDecisionPoint.objects.create(
        dialogue=dialogue, label="Avstämning", planned_on=timezone.localdate() + timedelta(days=9)
    )
    (reminder,) = reminders()
    assert reminder.dialogue.pk == dialogue.pk and cast.politician.pk in reminder.recipient_ids


def test_send_reminders_mails_each_person_once(cast):
    waiting_since(make_dialogue(cast, title="Väntar länge"), State.MANDATE_DECISION, 45)
    waiting_since(make_dialogue(cast, title="Väntar också"), State.LAUNCH_DECISION, 60)
    call_command("send_reminders")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([cast.official.email, cast.politician.email, cast.clerk.email])
    official = next(m for m in mail.outbox if m.to == [cast.official.email])
    assert "Väntar länge" in official.body and "Väntar också" in official.body
    assert reverse(
        "dialog:detail", args=[fresh(Dialogue.objects.get(title="Väntar länge")).pk]
    ) in (official.body)


def test_send_reminders_sends_nothing_when_nothing_is_late(cast):
    waiting_since(make_dialogue(cast), State.MANDATE_DECISION, 3)
    call_command("send_reminders")
    assert mail.outbox == []


def test_dashboard_shows_overdue_and_the_owners_due_documents(client, cast):
    waiting_since(make_dialogue(cast, title="Väntar på beslut"), State.MANDATE_DECISION, 45)
    administration = make_body("KLK", "Kommunledningskontoret", kind=Body.Kind.ADMINISTRATION)
    Membership.objects.create(
        person=cast.official,
        body=administration,
        role=Membership.Role.OFFICIAL,
        valid_from=date(2020, 1, 1),
    )
    make_policy_document(
        cast.official,
        title="Policy att revidera",
        owner_body=administration,
        revision_date=timezone.localdate() - timedelta(days=1),
    )
    page = html(login(client, cast.official).get(reverse("dialog:dashboard")))
    assert "Väntar på beslut" in text(page, "#overdue")
    assert "Policy att revidera" in text(page, "#due-documents")
    other = html(login(client, cast.other_politician).get(reverse("dialog:dashboard")))
    assert 'id="overdue"' not in other and 'id="due-documents"' not in other


@pytest.mark.parametrize("key", ["sandviken", "solna", "haninge", "forshaga", "hagfors"])
def test_demo_like_dialogue_passes_each_preset_once_answered(cast, key):
    """A complete dialogue (factories answer everything yes and consider every group) can be
    submitted under each preset."""
    from dialog import services

    make_body("KF", "Kommunfullmäktige", kind=Body.Kind.COUNCIL)
    dialogue = use_profile(make_dialogue(cast), preset(key))
    moved = services.run_transition(
        dialogue_id=dialogue.pk, name="submit_for_mandate", user=cast.official
    )
    assert moved.state == State.MANDATE_DECISION


def test_awaiting_decision_follows_the_profile(cast):
    """Under Hagfors the council's politicians and clerk see the mandate, the board's do not;
    under Solna the launch goes to the presidium."""
    from dialog.selectors import awaiting_decision, clerk_queue

    council = make_body("KF", "Kommunfullmäktige", kind=Body.Kind.COUNCIL)
    kf = make_member(council, Membership.Role.MEMBER, first_name="Frida")
    kf_clerk = make_member(council, Membership.Role.SECRETARY, first_name="Klara")
    hagfors = put_in_state(
        use_profile(make_dialogue(cast, title="Hagfors"), preset("hagfors")),
        State.MANDATE_DECISION,
    )
    plain = put_in_state(make_dialogue(cast, title="Utan profil"), State.MANDATE_DECISION)
    assert list(awaiting_decision(kf)) == [hagfors]
    assert list(awaiting_decision(cast.politician)) == [plain]
    assert list(clerk_queue(kf_clerk)) == [hagfors]
    assert list(clerk_queue(cast.clerk)) == [plain]  # both registered; KS records only its own

    presidium = make_body("KSPR", "KS presidium", kind=Body.Kind.PRESIDIUM, parent=cast.body)
    member = make_member(presidium, Membership.Role.CHAIR, first_name="Pia")
    solna = put_in_state(
        use_profile(make_dialogue(cast, title="Solna"), preset("solna")), State.LAUNCH_DECISION
    )
    assert list(awaiting_decision(member)) == [solna]
    assert solna not in awaiting_decision(cast.politician)


def test_action_page_names_the_deciding_body_of_the_profile(client, cast):
    council = make_body("KF", "Kommunfullmäktige", kind=Body.Kind.COUNCIL)
    clerk = make_member(council, Membership.Role.SECRETARY, first_name="Klara")
    dialogue = put_in_state(
        use_profile(make_dialogue(cast), preset("hagfors")), State.MANDATE_DECISION
    )
    page = login(client, clerk).get(reverse("dialog:action", args=[dialogue.pk, "approve_mandate"]))
    lead = text(page, "p.lead")
    assert "Kommunfullmäktige" in lead and cast.body.name not in lead
    assert page.context["form"].fields["paragraph"].required
    assert "decided_on" not in page.context["form"].fields  # the meeting's date is the date

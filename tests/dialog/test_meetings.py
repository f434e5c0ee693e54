"""A body's meetings (issue 12): the committee secretary creates them, puts waiting decision
points on the agenda, records attendance, the minutes' outcomes in one form (bifall, avslag,
återremiss, bordläggning, with §), the justering and the anslag; the appeal period runs three
weeks from the anslag. Bad input is refused on the field, nothing half-saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dialog.models import AgendaItem, Decision, DecisionPoint, State
from dialog.services import meetings as services
from roles.models import Attendance, Meeting, Membership
from tests.factories import make_dialogue, make_meeting, make_member, put_in_state
from tests.helpers import advance, fresh, html, login, parse, text, texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def waiting(cast, title="Trygghet i centrum", state=State.MANDATE_DECISION):
    return put_in_state(make_dialogue(cast, title=title), state)


# -- Creating a meeting and its agenda ---------------------------------------------------------


def test_the_secretary_creates_a_meeting_of_their_body(cast):
    meeting = services.create_meeting(
        user=cast.clerk, body=cast.body, held_on=date(2026, 3, 4), place="KS-salen"
    )
    assert (meeting.body, meeting.place, meeting.created_by) == (cast.body, "KS-salen", cast.clerk)
    for user in (cast.politician, cast.official, cast.other_clerk):
        with pytest.raises(services.PermissionRefused):
            services.create_meeting(user=user, body=cast.body, held_on=date(2026, 3, 4))
    assert Meeting.objects.count() == 1


def test_waiting_points_go_on_the_agenda_once_numbered_in_order(cast):
    meeting = make_meeting(cast.body, TODAY() + timedelta(days=7))
    first, second = waiting(cast, "A"), waiting(cast, "B", State.DECISION)
    one = services.add_to_agenda(meeting_id=meeting.pk, dialogue_id=first.pk, user=cast.clerk)
    two = services.add_to_agenda(meeting_id=meeting.pk, dialogue_id=second.pk, user=cast.clerk)
    assert [(one.number, one.point), (two.number, two.point)] == [
        (1, DecisionPoint.MANDATE),
        (2, DecisionPoint.FINAL),
    ]
    with pytest.raises(ValidationError) as twice:
        services.add_to_agenda(meeting_id=meeting.pk, dialogue_id=first.pk, user=cast.clerk)
    assert "dialogue" in twice.value.message_dict
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2


@pytest.mark.parametrize("state", [State.INITIATIVE, State.PLANNING, State.CLOSED])
def test_only_a_point_waiting_for_a_decision_goes_on_the_agenda(cast, state):
    meeting = make_meeting(cast.body, TODAY() + timedelta(days=7))
    dialogue = waiting(cast, state=state)
    with pytest.raises(services.PermissionRefused):
        services.add_to_agenda(meeting_id=meeting.pk, dialogue_id=dialogue.pk, user=cast.clerk)
    assert not AgendaItem.objects.exists()


def test_a_point_goes_only_on_the_agenda_of_the_body_that_decides_it(cast):
    dialogue = waiting(cast)
    # The other body's secretary keeps the other body's meetings; KS decides this point.
    other = make_meeting(cast.other_body, TODAY() + timedelta(days=7))
    with pytest.raises(services.PermissionRefused):
        services.add_to_agenda(meeting_id=other.pk, dialogue_id=dialogue.pk, user=cast.other_clerk)
    Membership.objects.create(
        person=cast.clerk,
        body=cast.other_body,
        role="namndsekreterare",
        valid_from=date(2020, 1, 1),
    )
    from roles.selectors import forget_body_roles

    forget_body_roles(cast.clerk)
    with pytest.raises(ValidationError) as refused:
        services.add_to_agenda(meeting_id=other.pk, dialogue_id=dialogue.pk, user=cast.clerk)
    assert "dialogue" in refused.value.message_dict
    for user in (cast.politician, cast.official):
        with pytest.raises(services.PermissionRefused):
            services.add_to_agenda(
                meeting_id=make_meeting(cast.body).pk, dialogue_id=dialogue.pk, user=user
            )


# -- Attendance -------------------------------------------------------------------------------


@pytest.fixture
def board(cast):
    """KS's politicians: the chair (cast.politician), a vice chair, a member, a substitute."""
    return {
        "chair": cast.politician,
        "vice": make_member(cast.body, Membership.Role.VICE_CHAIR, first_name="Vera"),
        "member": make_member(cast.body, Membership.Role.MEMBER, first_name="Mats"),
        "deputy": make_member(cast.body, Membership.Role.DEPUTY, first_name="Ella"),
    }


def test_attendance_says_who_was_the_body(cast, board):
    meeting = make_meeting(cast.body)
    services.record_attendance(
        meeting_id=meeting.pk,
        user=cast.clerk,
        rows=[
            (board["chair"], False, None),
            (board["vice"], True, None),
            (board["member"], True, None),
            (board["deputy"], True, board["chair"]),
        ],
        vice_chair_presided=True,
    )
    deputy = Attendance.objects.get(meeting=meeting, person=board["deputy"])
    assert deputy.serving_for == board["chair"]
    assert fresh(meeting).vice_chair_presided
    from dialog.meeting_selectors import attendance

    summary = attendance(meeting)
    assert [r.person for r in summary["present"]] == [board["vice"], board["member"]]
    assert [r.person for r in summary["absent"]] == [board["chair"]]
    assert [r.person for r in summary["serving"]] == [board["deputy"]]


def test_bad_attendance_is_refused_on_the_field_and_nothing_saved(cast, board):
    meeting = make_meeting(cast.body)
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(
            meeting_id=meeting.pk,
            user=cast.clerk,
            rows=[
                (board["chair"], True, None),  # present: nobody serves in the chair's place
                (board["vice"], False, None),
                (board["member"], True, board["vice"]),  # a member never serves for another
                (board["deputy"], True, board["chair"]),
            ],
            vice_chair_presided=True,  # the vice chair is absent
        )
    errors = refused.value.message_dict
    assert set(errors) == {
        f"serving_for_{board['member'].pk}",
        f"serving_for_{board['deputy'].pk}",
        "vice_chair_presided",
    }
    assert not Attendance.objects.exists()
    with pytest.raises(services.PermissionRefused):
        services.record_attendance(meeting_id=meeting.pk, user=board["chair"], rows=[])


# -- The minutes: outcomes, §, tabled points ----------------------------------------------------


@pytest.fixture
def on_agenda(cast):
    """Two points submitted today (through the services) on today's KS meeting."""
    mandate = advance(make_dialogue(cast, title="Mandat"), cast, State.MANDATE_DECISION)
    final = advance(make_dialogue(cast, title="Slutligt"), cast, State.DECISION)
    # Made after the walk: its earlier decisions were taken at another meeting today.
    meeting = make_meeting(cast.body)
    items = [
        services.add_to_agenda(meeting_id=meeting.pk, dialogue_id=d.pk, user=cast.clerk)
        for d in (mandate, final)
    ]
    return meeting, items


def test_the_minutes_record_each_outcome_and_a_tabled_point_keeps_waiting(cast, on_agenda):
    meeting, (first, second) = on_agenda
    recorded = services.record_minutes(
        meeting_id=meeting.pk,
        user=cast.clerk,
        outcomes=[
            {"item": first, "outcome": "approved", "paragraph": "§ 41", "text": "Uppdraget ges."},
            {"item": second, "outcome": "tabled", "paragraph": "42", "text": "Ärendet bordläggs."},
        ],
    )
    assert [(d.kind, d.outcome, d.paragraph, d.decided_on) for d in recorded] == [
        (Decision.Kind.MEETING, "approved", "41", meeting.held_on),
        (Decision.Kind.MEETING, "tabled", "42", meeting.held_on),
    ]
    assert fresh(first.dialogue).state == State.PLANNING
    # Tabled: no transition; the point waits and can go on a later meeting's agenda.
    assert fresh(second.dialogue).state == State.DECISION
    assert not second.dialogue.transitions.filter(transition="decide").exists()
    later = make_meeting(cast.body, TODAY() + timedelta(days=14))
    again = services.add_to_agenda(
        meeting_id=later.pk, dialogue_id=second.dialogue_id, user=cast.clerk
    )
    assert again.point == DecisionPoint.FINAL


def test_the_minutes_are_all_or_nothing_with_the_errors_on_the_fields(cast, on_agenda):
    meeting, (first, second) = on_agenda
    rows = [
        {"item": first, "outcome": "approved", "paragraph": "7", "text": "Uppdraget ges."},
        {"item": second, "outcome": "approved", "paragraph": "§ 7", "text": "Förslaget antas."},
    ]
    with pytest.raises(ValidationError) as duplicate:
        services.record_minutes(meeting_id=meeting.pk, user=cast.clerk, outcomes=rows)
    assert list(duplicate.value.message_dict) == [f"paragraph_{second.pk}"]
    rows[1] = {**rows[1], "paragraph": ""}
    with pytest.raises(ValidationError) as missing:
        services.record_minutes(meeting_id=meeting.pk, user=cast.clerk, outcomes=rows)
    assert list(missing.value.message_dict) == [f"paragraph_{second.pk}"]
    assert not Decision.objects.filter(meeting=meeting).exists()
    assert fresh(first.dialogue).state == State.MANDATE_DECISION


def test_a_paragraph_already_used_at_the_meeting_is_refused(cast, on_agenda):
    meeting, (first, second) = on_agenda
    services.record_minutes(
        meeting_id=meeting.pk,
        user=cast.clerk,
        outcomes=[{"item": first, "outcome": "approved", "paragraph": "7", "text": "Ja."}],
    )
    with pytest.raises(ValidationError) as refused:
        services.record_minutes(
            meeting_id=meeting.pk,
            user=cast.clerk,
            outcomes=[{"item": second, "outcome": "rejected", "paragraph": "7", "text": "Nej."}],
        )
    assert list(refused.value.message_dict) == [f"paragraph_{second.pk}"]
    assert fresh(second.dialogue).state == State.DECISION


def test_a_meeting_before_the_point_was_submitted_cannot_have_decided_it(cast):
    earlier = make_meeting(cast.body, TODAY() - timedelta(days=3))
    dialogue = advance(make_dialogue(cast), cast, State.MANDATE_DECISION)  # submitted today
    item = AgendaItem.objects.create(
        meeting=earlier, dialogue=dialogue, point=DecisionPoint.MANDATE, number=1
    )
    with pytest.raises(ValidationError) as refused:
        services.record_minutes(
            meeting_id=earlier.pk,
            user=cast.clerk,
            outcomes=[{"item": item, "outcome": "approved", "paragraph": "3", "text": "Ja."}],
        )
    [message] = refused.value.message_dict[f"outcome_{item.pk}"]
    assert earlier.held_on.isoformat() in message and TODAY().isoformat() in message
    assert fresh(dialogue).state == State.MANDATE_DECISION


def test_only_the_bodys_secretary_records_the_minutes(cast, on_agenda):
    meeting, (first, _second) = on_agenda
    outcome = {"item": first, "outcome": "approved", "paragraph": "1", "text": "Ja."}
    for user in (cast.politician, cast.official, cast.other_clerk):
        with pytest.raises(services.PermissionRefused):
            services.record_minutes(meeting_id=meeting.pk, user=user, outcomes=[outcome])
    assert not Decision.objects.filter(meeting=meeting).exists()


def test_a_meeting_not_yet_held_has_no_minutes(cast):
    meeting = make_meeting(cast.body, TODAY() + timedelta(days=1))
    with pytest.raises(ValidationError):
        services.record_minutes(meeting_id=meeting.pk, user=cast.clerk, outcomes=[])


# -- Justering, anslag and the appeal period ------------------------------------------------------


def test_justering_and_anslag_dates_follow_the_meeting(cast):
    meeting = make_meeting(cast.body, TODAY() - timedelta(days=10))
    with pytest.raises(ValidationError) as early:
        services.record_adjustment(
            meeting_id=meeting.pk, user=cast.clerk, adjusted_on=TODAY() - timedelta(days=11)
        )
    assert list(early.value.message_dict) == ["adjusted_on"]
    with pytest.raises(ValidationError) as posted:
        services.record_adjustment(
            meeting_id=meeting.pk,
            user=cast.clerk,
            adjusted_on=TODAY() - timedelta(days=5),
            posted_on=TODAY() - timedelta(days=6),
        )
    assert list(posted.value.message_dict) == ["posted_on"]
    assert fresh(meeting).adjusted_on is None
    services.record_adjustment(
        meeting_id=meeting.pk,
        user=cast.clerk,
        adjusted_on=TODAY() - timedelta(days=5),
        posted_on=TODAY() - timedelta(days=4),
    )
    meeting = fresh(meeting)
    assert meeting.appeal_ends_on == TODAY() - timedelta(days=4) + timedelta(weeks=3)
    assert meeting.stands_on == meeting.appeal_ends_on + timedelta(days=1)


def test_a_decisions_appeal_period_runs_from_its_meetings_anslag(cast):
    from tests.factories import record_decision

    dialogue = make_dialogue(cast)
    meeting = make_meeting(cast.body, date(2026, 3, 2))
    decision = record_decision(dialogue, DecisionPoint.MANDATE, by=cast.clerk, meeting=meeting)
    decision.decided_on = meeting.held_on
    assert decision.appeal_ends_on is None  # not posted yet
    Meeting.objects.filter(pk=meeting.pk).update(
        adjusted_on=date(2026, 3, 5), posted_on=date(2026, 3, 6)
    )
    decision = Decision.objects.get(pk=decision.pk)
    assert (decision.appeal_ends_on, decision.stands_on) == (date(2026, 3, 27), date(2026, 3, 28))


# -- Over HTTP ----------------------------------------------------------------------------------


def test_the_meeting_page_over_http_agenda_minutes_and_appeal(client, cast, on_agenda):
    meeting, (first, second) = on_agenda
    url = reverse("dialog:meeting", args=[meeting.pk])
    page = login(client, cast.politician).get(url)
    assert page.status_code == 200
    links = [a["href"] for a in parse(page).select("#agenda a.decision-basis")]
    assert links == [
        reverse("reports:decision_basis_pdf", args=[first.dialogue_id, "mandate"]),
        reverse("reports:decision_basis_pdf", args=[second.dialogue_id, "final"]),
    ]
    assert not parse(page).select("#record-minutes")  # a politician keeps no minutes
    assert (
        login(client, cast.politician)
        .get(reverse("dialog:meeting_minutes", args=[meeting.pk]))
        .status_code
        == 403
    )

    minutes_url = reverse("dialog:meeting_minutes", args=[meeting.pk])
    login(client, cast.clerk)
    data = {
        f"outcome_{first.pk}": "approved",
        f"paragraph_{first.pk}": "12",
        f"text_{first.pk}": "Uppdraget ges.",
        f"outcome_{second.pk}": "returned",
        f"paragraph_{second.pk}": "12",
        f"text_{second.pk}": "Ärendet återremitteras.",
    }
    refused = client.post(minutes_url, data)
    assert refused.status_code == 400
    assert f"paragraph_{second.pk}" in refused.context["form"].errors
    assert "Ärendet återremitteras." in html(refused)  # the typed text is kept
    assert not Decision.objects.filter(meeting=meeting).exists()
    data[f"paragraph_{second.pk}"] = "13"
    assert client.post(minutes_url, data).status_code == 302
    assert fresh(second.dialogue).state == State.PROCESSING

    adjust = reverse("dialog:meeting_adjustment", args=[meeting.pk])
    today = TODAY().isoformat()
    assert client.post(adjust, {"adjusted_on": today, "posted_on": today}).status_code == 302
    page = client.get(url)
    ends = (TODAY() + timedelta(weeks=3)).isoformat()
    assert ends in text(page, "#appeal-period")
    assert (TODAY() + timedelta(weeks=3, days=1)).isoformat() in text(page, "#appeal-period")
    assert texts(page, "#agenda tbody tr td:nth-of-type(4)")[0].startswith("§ 12")


def test_the_secretary_puts_a_point_on_the_agenda_over_http(client, cast):
    meeting = make_meeting(cast.body, TODAY() + timedelta(days=7))
    dialogue = waiting(cast)
    page = login(client, cast.clerk).get(reverse("dialog:meeting", args=[meeting.pk]))
    options = [o["value"] for o in parse(page).select("#agenda-add select option") if o["value"]]
    assert options == [str(dialogue.pk)]
    response = client.post(
        reverse("dialog:meeting_agenda_add", args=[meeting.pk]), {"dialogue": dialogue.pk}
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get().dialogue == dialogue
    page = client.get(reverse("dialog:meeting", args=[meeting.pk]))
    assert dialogue.title in text(page, "#agenda")
    assert "nothing-waiting" in html(page)


def test_politicians_see_their_bodies_upcoming_meetings(rf, cast, board):
    from django.template import Context, Template

    coming = make_meeting(cast.body, TODAY() + timedelta(days=3), place="KS-salen")
    make_meeting(cast.body, TODAY() - timedelta(days=3))
    other = make_meeting(cast.other_body, TODAY() + timedelta(days=3))
    template = Template("{% load meeting_tags %}{% upcoming_meetings %}")
    for person in (board["deputy"], cast.politician):
        request = rf.get("/")
        request.user = person
        shown = template.render(Context({"request": request}))
        assert f"/sammantraden/{coming.pk}/" in shown
        assert f"/sammantraden/{other.pk}/" not in shown
    request = rf.get("/")
    request.user = cast.official
    assert "sammantraden" not in template.render(Context({"request": request}))


def test_the_decision_basis_pdf_opens_from_the_agenda(client, cast, on_agenda):
    from io import BytesIO

    from pypdf import PdfReader

    meeting, (first, _second) = on_agenda
    response = login(client, cast.politician).get(
        reverse("reports:decision_basis_pdf", args=[first.dialogue_id, "mandate"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    words = " ".join(p.extract_text() for p in reader.pages)
    assert first.dialogue.title in words
    outsider = client.get(reverse("reports:decision_basis_pdf", args=[first.dialogue_id, "x"]))
    assert outsider.status_code == 404

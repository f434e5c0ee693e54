"""The demo data: idempotent, built through the services, every role able to log in.

Tests that start from the loaded demo take the session's `demo` fixture (tests/conftest.py: one
load per session, copied into each test's transaction); `load_demo()` runs the command again."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from dialog.management.commands.load_demo import (
    ADMIN_USERNAME,
    DEMO_PASSWORD,
    PEOPLE,
    ROLE_WORDS,
)
from dialog.models import (
    Activity,
    CaseSequence,
    Decision,
    DecisionPoint,
    Dialogue,
    Mandate,
    State,
    TransitionLog,
)
from roles.models import Body, Membership
from roles.rules import is_clerk, is_official, is_politician

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    # Tests run with DEBUG off, where the command refuses without --force.
    call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {
        "users": get_user_model().objects.count(),
        "bodies": Body.objects.count(),
        "memberships": Membership.objects.count(),
        "dialogues": Dialogue.objects.count(),
        "mandates": Mandate.objects.count(),
        "decisions": Decision.objects.count(),
        "timeline": TransitionLog.objects.count(),
        "dialogue_history": Dialogue.history.count(),
        "case_sequences": list(CaseSequence.objects.order_by("pk").values_list("last", flat=True)),
        "passwords": list(
            get_user_model().objects.order_by("pk").values_list("username", "password")
        ),
    }


def test_running_twice_changes_nothing(demo):
    first_output = demo
    before = counts()
    second_output = load_demo()

    assert counts() == before
    assert before["dialogues"] >= 7
    assert "nothing changed" in second_output
    assert "new dialogues" in first_output


def test_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())
    assert not Dialogue.objects.exists()


def test_every_role_has_a_user_who_can_log_in(demo):
    output = demo
    User = get_user_model()

    admin = User.objects.get(username=ADMIN_USERNAME)
    assert admin.is_superuser and admin.is_staff
    for role_holders in (
        Membership.objects.active().politicians(),
        Membership.objects.active().officials(),
        Membership.objects.active().secretaries(),
        Membership.objects.active().filter(role=Membership.Role.CHAIR),
        Membership.objects.active().filter(role=Membership.Role.HEAD_OF_ADMINISTRATION),
    ):
        assert role_holders.exists()

    someone = {
        "politician": next(u for u in User.objects.all() if is_politician(u)),
        "official": next(u for u in User.objects.all() if is_official(u)),
        "clerk": next(u for u in User.objects.all() if is_clerk(u)),
        "admin": admin,
    }
    for role, user in someone.items():
        # django-axes needs the request that the login page would pass to authenticate().
        request = RequestFactory().post("/logga-in/")
        assert Client().login(request=request, username=user.username, password=DEMO_PASSWORD), role
        assert user.username in output, role
    assert DEMO_PASSWORD in output


def test_every_political_body_has_a_chair_two_politicians_and_a_clerk(demo):
    for code in ["KF", "KS", "KSAU", "BUN", "KFN"]:
        body = Body.objects.get(code=code)
        assert body.is_political
        members = Membership.objects.active().filter(body=body)
        assert members.politicians().count() >= 2, code
        assert members.filter(role=Membership.Role.CHAIR).exists(), code
        assert members.secretaries().exists(), code
    assert Body.objects.get(code="KSAU").parent.code == "KS"
    assert Body.objects.filter(kind=Body.Kind.ADMINISTRATION).count() >= 3


def test_the_closed_dialogue_has_its_three_decisions_and_a_full_timeline(demo):
    closed = Dialogue.objects.get(title="Trygghet i centrum", state=State.CLOSED)

    decisions = closed.decisions.filter(outcome=Decision.Outcome.APPROVED)
    assert sorted(decisions.values_list("point", flat=True)) == sorted(
        [DecisionPoint.MANDATE, DecisionPoint.LAUNCH, DecisionPoint.FINAL]
    )
    # Decided by the body at its meetings, recorded from the minutes with a paragraph.
    assert {d.kind for d in decisions} == {Decision.Kind.MEETING}
    assert all(d.paragraph and d.meeting.body_id == d.body_id for d in decisions)

    timeline = list(closed.transitions.order_by("at", "pk"))
    assert timeline[0].source == State.INITIATIVE
    assert timeline[-1].target == State.CLOSED
    # Each step starts where the previous one ended: a real path through the machine.
    assert all(a.target == b.source for a, b in zip(timeline, timeline[1:], strict=False))
    assert {t.decision_id for t in timeline if t.decision_id} == {d.pk for d in decisions}
    assert closed.is_registered and closed.case_number.startswith("KS ")
    assert closed.history.count() > len(timeline)


def test_dialogues_cover_the_process(demo):
    states = set(Dialogue.objects.values_list("state", flat=True))

    assert len(states) >= 7
    assert {
        State.INITIATIVE,
        State.MANDATE_DECISION,
        State.PLANNING,
        State.EXECUTION,
        State.DECISION,
        State.CLOSED,
        State.REJECTED,
        State.CANCELLED,
    } <= states
    waiting = Dialogue.objects.get(state=State.MANDATE_DECISION)
    assert waiting.is_registered and not waiting.decisions.exists()
    assert Dialogue.objects.get(state=State.CANCELLED).cancel_reason
    rejected = Dialogue.objects.get(state=State.REJECTED)
    assert rejected.decisions.get().outcome == Decision.Outcome.REJECTED
    titles = set(Dialogue.objects.values_list("title", flat=True))
    assert {"Trygghet i centrum", "Mötesplatser för unga"} <= titles
    assert any("bibliotek" in t for t in titles)


def test_an_existing_title_is_left_alone(demo):
    dialogue = Dialogue.objects.get(title="Kollektivtrafiken i Exempelby")
    Dialogue.objects.filter(pk=dialogue.pk).update(question="Ändrad av en användare")

    load_demo()

    dialogue.refresh_from_db()
    assert dialogue.question == "Ändrad av en användare"
    assert Dialogue.objects.filter(title=dialogue.title).count() == 1


def test_the_readme_lists_the_demo_log_ins_that_exist():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Demo log-ins", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z]+(?:\.[a-z]+)?)`", table)) - {DEMO_PASSWORD}

    assert listed == {ADMIN_USERNAME, *(person[0] for person in PEOPLE)}
    assert DEMO_PASSWORD in table


def test_demo_dates_follow_the_process_and_lie_in_the_past(demo):
    """Issue 9: mandate < launch < first activity held < final decision <= today, for every
    demo dialogue; timelines increasing; nothing dated on the day the demo is loaded."""
    now, today = timezone.now(), timezone.localdate()
    for dialogue in Dialogue.objects.prefetch_related("decisions", "activities", "transitions"):
        approved = {
            d.point: d.decided_on
            for d in dialogue.decisions.all()
            if d.outcome == Decision.Outcome.APPROVED
        }
        held = sorted(
            timezone.localdate(a.starts_at)
            for a in dialogue.activities.all()
            if a.status == Activity.Status.HELD
        )
        chain = [
            approved.get(DecisionPoint.MANDATE),
            approved.get(DecisionPoint.LAUNCH),
            held[0] if held else None,
            approved.get(DecisionPoint.FINAL),
        ]
        dates = [d for d in chain if d is not None]
        assert dates == sorted(dates) and len(set(dates)) == len(dates), (dialogue.title, chain)
        assert all(d < today for d in dates), dialogue.title
        assert all(d.decided_on < today for d in dialogue.decisions.all()), dialogue.title
        if chain[0] and chain[2]:
            # Months between the mandate and the first activity.
            assert (chain[2] - chain[0]).days >= 45, dialogue.title
        if chain[2]:
            assert all(day <= today for day in held), dialogue.title
        timeline = sorted(dialogue.transitions.all(), key=lambda t: t.pk)
        moments = [dialogue.created_at, *(t.at for t in timeline)]
        assert moments == sorted(moments), dialogue.title
        assert len(set(moments)) == len(moments), dialogue.title
        assert moments[-1] < now, dialogue.title
        for entry in timeline:
            if entry.decision_id:
                # A decision is dated on or after the day it was submitted for.
                assert entry.decision.decided_on <= timezone.localdate(entry.at)
        for item in dialogue.inputs.all():
            assert item.received_on <= today, dialogue.title
    closed = Dialogue.objects.get(title="Trygghet i centrum", state=State.CLOSED)
    assert (today - closed.approved_decision(DecisionPoint.MANDATE).decided_on).days > 90


def test_the_readme_table_names_every_body_each_demo_person_belongs_to(demo):
    """Issue 9: who is also in KF, and every other body, as the loaded memberships say."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Demo log-ins", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        found = re.fullmatch(r"`([a-z]+\.[a-z]+)`", cells[1]) if len(cells) == 4 else None
        if found:
            rows[found.group(1)] = cells[3]
    assert set(rows) == {person[0] for person in PEOPLE}
    for username, bodies in rows.items():
        listed = {tuple(part.split(" ", 1)) for part in bodies.split(", ")}
        loaded = {
            (m.body.code, ROLE_WORDS[m.role])
            for m in Membership.objects.active()
            .filter(person__username=username)
            .select_related("body")
        }
        assert listed == loaded, username
    assert "KS chair, KSAU chair, KF member" in demo


# -- The demo register: seed titles and Exempelby's own dialogue policy (issue 9, item 6) ------


def test_the_demo_register_holds_the_titles_and_the_policy_the_profile_hangs_on(demo):
    from datetime import date

    from governance.models import PolicyProfile, ShownStatus, SteeringDocument
    from governance.selectors import profile_in_force

    clean = (
        Path(__file__).resolve().parents[2] / "governance" / "fixtures" / "seed_titles.txt"
    ).read_text(encoding="utf-8")
    titles = [line for line in clean.splitlines() if line.strip()]
    documents = SteeringDocument.objects.with_shown_status()
    # The seeded titles, the dialogue policy, and the delegation orders of KS, BUN and KFN.
    delegation_orders = documents.filter(title__startswith="Delegationsordning")
    assert delegation_orders.count() == 3
    assert documents.count() == len(titles) + 1 + 3
    assert not documents.filter(title__startswith="Föredragningslista").exists()

    policy = documents.get(title="Policy för medborgardialog")
    assert (policy.adopting_body.code, policy.decision_date, policy.paragraph) == (
        "KF",
        date(2025, 2, 10),
        "12",
    )
    assert (policy.valid_from, policy.valid_until) == (date(2025, 3, 1), None)
    assert policy.shown_status == ShownStatus.IN_FORCE
    active = PolicyProfile.objects.get(is_active=True)
    assert active.policy_document == policy
    assert profile_in_force() == active
    assert "KF 2025-02-10 § 12" in active.display_label
    # Imported titles without a recorded decision await review; none shows as adopted.
    imported = documents.exclude(pk=policy.pk).exclude(pk__in=delegation_orders)
    assert set(imported.values_list("shown_status", flat=True)) == {ShownStatus.REVIEW}
    # The bodies' delegation orders are adopted documents in force.
    assert set(delegation_orders.values_list("shown_status", flat=True)) == {ShownStatus.IN_FORCE}

    before = (SteeringDocument.objects.count(), SteeringDocument.history.count())
    load_demo()
    assert (SteeringDocument.objects.count(), SteeringDocument.history.count()) == before

    # load_profile NAME --activate hangs the chosen preset on the same policy.
    call_command("load_profile", "hagfors", "--activate", stdout=StringIO())
    hagfors = PolicyProfile.objects.get(key="hagfors")
    assert hagfors.is_active and hagfors.policy_document == policy
    assert profile_in_force() == hagfors


def test_the_clean_title_list_has_no_junk_lines():
    from governance.importers import parse_file

    root = Path(__file__).resolve().parents[2]
    clean = (root / "governance" / "fixtures" / "seed_titles.txt").read_bytes()
    raw = (root / "tests" / "fixtures" / "seed_titles.txt").read_text(encoding="utf-8")
    titles = [row.values["title"] for row in parse_file("seed_titles.txt", clean)]
    assert 50 <= len(titles) < len(raw.splitlines())
    assert len({t.casefold() for t in titles}) == len(titles)  # no duplicates
    for junk in ("Föredragningslista", "Kallelse", "FÖRFATTNINGSSAMLING", "(Se vidare", "Ärende"):
        assert not any(junk in title for title in titles), junk


def test_the_demo_bodies_meet_with_agendas_and_decide_at_held_meetings(demo):
    from roles.models import Meeting

    today = timezone.localdate()
    held = Meeting.objects.filter(held_on__lt=today)
    upcoming = Meeting.objects.filter(held_on__gt=today)
    assert held.exists() and upcoming.exists()
    # Every meeting decision was taken at a held meeting of its body, on its day, with its §,
    # the point on that meeting's agenda; the meetings were justerade and posted after.
    meeting_decisions = Decision.objects.filter(kind=Decision.Kind.MEETING).select_related(
        "meeting"
    )
    assert meeting_decisions.exists()
    for decision in meeting_decisions:
        meeting = decision.meeting
        assert meeting.held_on < today and meeting.body_id == decision.body_id
        assert decision.decided_on == meeting.held_on and decision.paragraph
        assert meeting.agenda_items.filter(
            dialogue_id=decision.dialogue_id, point=decision.point
        ).exists()
    for meeting in held.filter(adjusted_on__isnull=False):
        assert meeting.held_on < meeting.adjusted_on <= today
        assert meeting.posted_on is None or meeting.adjusted_on < meeting.posted_on <= today
        assert meeting.attendances.filter(present=True).exists()
    assert held.filter(posted_on__isnull=False).exists()
    # The points waiting now are on their bodies' next meetings' agendas.
    waiting = Dialogue.objects.filter(state__in=[State.MANDATE_DECISION, State.LAUNCH_DECISION])
    assert waiting.exists()
    for dialogue in waiting:
        assert dialogue.agenda_items.filter(
            meeting__in=upcoming, point=dialogue.decision_point
        ).exists(), dialogue.title
    assert not Decision.objects.filter(kind=Decision.Kind.LEGACY).exists()

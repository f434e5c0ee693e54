"""The follow-up of the dialogue work (issue 16): periods, counts, the PDF read back, small
counts, permissions, the query count, the rhythm's reminder and the profile's split field."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from dialog.models import (
    Activity,
    ActivityEvaluation,
    ActivityReach,
    CommunicationItem,
    DecisionPoint,
    Dialogue,
    Evaluation,
    InputItem,
    ParticipationLevel,
    ResidentFeedback,
    State,
    TargetGroup,
    TransitionLog,
)
from governance.models import Goal, PolicyProfile
from reports import rendering, selectors, services
from reports.models import Report
from reports.selectors import periods
from reports.selectors.follow_up import figures
from reports.selectors.follow_up_due import due_follow_ups
from reports.selectors.periods import Period
from roles.models import Body
from tests.factories import make_dialogue, make_profile, record_decision

TZ = ZoneInfo("Europe/Stockholm")
TODAY = datetime(2026, 12, 2, 12, 0, tzinfo=TZ)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def at(*args) -> datetime:
    return datetime(*args, tzinfo=TZ)


def dialogue_between(cast, title, created, ended=None, state=State.CLOSED, **extra):
    """A dialogue created at `created` and, with `ended`, ended then (its timeline says so)."""
    body = extra.pop("body", cast.body)
    dialogue = make_dialogue(cast, title=title, **extra)
    Dialogue.objects.filter(pk=dialogue.pk).update(created_at=created, body=body)
    if ended is not None:
        Dialogue.objects.filter(pk=dialogue.pk).update(state=state)
        TransitionLog.objects.create(
            dialogue=dialogue,
            transition="close",
            source=State.DECISION,
            target=state,
            by=cast.official,
            at=ended,
        )
    return Dialogue.objects.get(pk=dialogue.pk)


def views(dialogue, n, on, **values):
    defaults = {
        "text": "En synpunkt",
        "source": InputItem.Source.ACTIVITY,
        "received_on": on,
        "age_band": "25-44",
        "gender": "woman",
        "area": "Centrum",
        "created_by": dialogue.responsible_official,
    }
    return [InputItem.objects.create(dialogue=dialogue, **(defaults | values)) for _i in range(n)]


def sv(message: str) -> str:
    """A message as the PDFs show it: in the installation's language (whether or not the
    catalogue has it yet)."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(message)


def follow_up_document(*args):
    """Built as the worker builds it: in the installation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return selectors.follow_up(*args)


def pdf_text(document) -> str:
    data = rendering.render_pdf(document)
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


# -- Periods -----------------------------------------------------------------------------------


def test_the_periods_boundaries():
    assert (Period("year", 2026).start, Period("year", 2026).end) == (
        date(2026, 1, 1),
        date(2027, 1, 1),
    )
    interim = Period("interim", 2026)
    assert (interim.start, interim.last_day) == (date(2026, 1, 1), date(2026, 8, 31))
    term = Period("term", 2022)
    assert (term.start, term.last_day) == (date(2022, 10, 15), date(2026, 10, 14))
    assert term.previous() == Period("term", 2018)
    assert interim.previous() == Period("interim", 2025)
    with pytest.raises(ValueError):
        Period("term", 2024)  # not an election year
    assert periods.period_containing("term", date(2026, 10, 14)) == term
    assert periods.period_containing("term", date(2026, 10, 15)) == Period("term", 2026)
    assert periods.last_ended("year", date(2026, 12, 2)) == Period("year", 2025)
    assert periods.last_ended("interim", date(2026, 12, 2)) == Period("interim", 2026)
    assert periods.last_ended("interim", date(2026, 8, 31)) == Period("interim", 2025)
    assert periods.last_ended("term", date(2026, 12, 2)) == term
    start, end = Period("year", 2026).moments()
    assert start == at(2026, 1, 1) and end == at(2027, 1, 1)


def test_a_dialogue_spanning_two_years_runs_in_both_started_in_one_finished_in_the_other(cast):
    spanning = dialogue_between(cast, "Över nyår", at(2025, 11, 10, 9), at(2026, 3, 5, 9))
    # The last evening of 2025 in Stockholm is 2025 (UTC says 22:30).
    late = dialogue_between(cast, "Nyårsafton", at(2025, 12, 31, 23, 30))
    dialogue_between(cast, "Slut 2024", at(2024, 2, 1, 9), at(2024, 12, 1, 9), State.CANCELLED)
    autumn = dialogue_between(cast, "Hösten 2026", at(2026, 9, 10, 9))
    last = figures(Period("year", 2025), None)
    assert (last["started"], last["running"], last["finished"]) == (2, 2, 0)
    this = figures(Period("year", 2026), None)
    assert (this["started"], this["running"], this["finished"]) == (1, 3, 1)
    assert this["closed"] == 1 and this["stopped"] == 0
    assert {r["pk"] for r in this["rows"]} == {spanning.pk, late.pk, autumn.pk}
    # The interim period ends on 31 August: the autumn dialogue is not in it.
    interim = figures(Period("interim", 2026), None)
    assert (interim["started"], interim["running"], interim["finished"]) == (0, 2, 1)
    # The term 2022-2026 ends on 14 October 2026; the one before it held the 2024 dialogue.
    term = figures(Period("term", 2022), None)
    assert (term["started"], term["running"], term["finished"]) == (4, 4, 2)
    assert figures(Period("term", 2026), None)["running"] == 2  # the late one and the autumn's
    # A body's follow-up holds its own dialogues only.
    other = dialogue_between(cast, "Annan nämnd", at(2026, 2, 1, 9), body=cast.other_body)
    assert figures(Period("year", 2026), cast.body)["running"] == 3
    assert [r["pk"] for r in figures(Period("year", 2026), cast.other_body)["rows"]] == [other.pk]


def test_views_are_the_input_items_received_in_the_period(cast):
    dialogue = dialogue_between(cast, "Synpunkter", at(2025, 10, 1, 9))
    views(dialogue, 6, date(2025, 12, 31))
    views(dialogue, 7, date(2026, 1, 1), source=InputItem.Source.WEB_FORM, area="Norr")
    withdrawn = views(dialogue, 1, date(2026, 2, 1))[0]
    InputItem.all_objects.filter(pk=withdrawn.pk).update(withdrawn_at=at(2026, 2, 2))
    now = figures(Period("year", 2026), None)
    assert (now["views"], now["online"]) == (7, 7)
    assert now["participation"]["by_area"] == [("Norr", 7)]
    before = figures(Period("year", 2025), None)
    assert (before["views"], before["online"]) == (6, 0)


def test_decisions_feedback_evaluations_reach_and_goals(cast):
    decided = dialogue_between(
        cast,
        "Beslutad",
        at(2025, 9, 1, 9),
        at(2026, 6, 1, 9),
        participation_level=ParticipationLevel.DIALOGUE,
    )
    record_decision(decided, DecisionPoint.FINAL, by=cast.clerk, decided_on=date(2026, 3, 1))
    CommunicationItem.objects.create(
        dialogue=decided,
        channel="Webben",
        message="Beslutet",
        date=date(2026, 3, 20),
        tells_feedback=True,
    )
    # Published after the promised day: late.
    ResidentFeedback.objects.create(dialogue=decided, published_on=date(2026, 3, 25))
    on_time = dialogue_between(cast, "I tid", at(2026, 1, 10, 9))
    record_decision(on_time, DecisionPoint.FINAL, by=cast.clerk, decided_on=date(2026, 4, 1))
    ResidentFeedback.objects.create(dialogue=on_time, published_on=date(2026, 4, 20))
    missing = dialogue_between(cast, "Ingen återkoppling", at(2026, 1, 11, 9))
    record_decision(missing, DecisionPoint.FINAL, by=cast.clerk, decided_on=date(2026, 5, 1))
    Evaluation.objects.create(
        dialogue=decided,
        purpose_met=Evaluation.PurposeMet.PARTLY,
        lessons_learned="Börja tidigare med skolorna.",
        done_on=date(2026, 6, 1),
    )
    activity = Activity.objects.create(
        dialogue=decided,
        title="Dialogcafé",
        starts_at=at(2026, 2, 10, 18),
        status=Activity.Status.HELD,
    )
    ActivityEvaluation.objects.create(
        activity=activity, what_worked="Småbord", what_to_change="Tolk på plats"
    )
    young, _created = TargetGroup.objects.get_or_create(
        dialogue=decided, group="children_young", name="", defaults={"included": True}
    )
    TargetGroup.objects.filter(pk=young.pk).update(included=True)
    ActivityReach.objects.create(activity=activity, target_group=young, participants=12)
    goal = Goal.objects.create(
        code="2.1", title="Trygg kommun", owner_body=cast.body, period_start=date(2026, 1, 1)
    )
    decided.goals.add(goal)
    on_time.goals.add(goal)

    now = figures(Period("year", 2026), None)
    assert now["decisions"] == 3
    assert now["feedback"] == {"on_time": 1, "late": 1, "missing": 1}
    assert now["evaluations"] == 1 and now["activities"] == 1
    assert [e.activity_id for e in now["activity_evaluations"]] == [activity.pk]
    children = next(r for r in now["reach"] if r["participants"])
    assert (children["participants"], children["reached"]) == (12, 1)
    assert children["named"] >= 1
    by_goal = {row["label"]: row for row in now["goals"]}
    assert by_goal["2.1 Trygg kommun"]["running"] == 2
    assert by_goal["2.1 Trygg kommun"]["finished"] == 1
    assert by_goal["Linked to no goal"]["running"] == 1
    assert now["levels"] == [("Dialogue", 3)]
    # The period before has none of it.
    before = figures(Period("year", 2025), None, detail=False)
    assert (before["decisions"], before["evaluations"]) == (0, 0)
    assert before["feedback"] == {"on_time": 0, "late": 0, "missing": 0}


# -- The PDF, read back --------------------------------------------------------------------------


def test_the_pdf_figures_match_the_database(cast):
    spanning = dialogue_between(cast, "Över nyår", at(2025, 11, 10, 9), at(2026, 3, 5, 9))
    dialogue_between(cast, "I år", at(2026, 2, 1, 9))
    views(spanning, 9, date(2026, 1, 20))
    views(spanning, 5, date(2025, 12, 1), source=InputItem.Source.WEB_FORM)
    record_decision(spanning, DecisionPoint.FINAL, by=cast.clerk, decided_on=date(2026, 2, 20))
    document = follow_up_document(None, 2026)
    assert document.missing == []
    text = pdf_text(document)
    assert sv("Citizen dialogues, %(period)s") % {"period": "2026"} in text
    assert sv("%(now)s compared with %(before)s") % {"now": "2026", "before": "2025"} in text
    start, end = at(2026, 1, 1), at(2027, 1, 1)
    started = Dialogue.objects.filter(created_at__gte=start, created_at__lt=end).count()
    started_before = Dialogue.objects.filter(
        created_at__gte=at(2025, 1, 1), created_at__lt=start
    ).count()
    received = InputItem.objects.filter(received_on__year=2026).count()
    received_before = InputItem.objects.filter(received_on__year=2025).count()
    online_before = InputItem.objects.filter(received_on__year=2025, source="web_form").count()
    assert (started, started_before, received, received_before) == (1, 1, 9, 5)
    assert f"{sv('Dialogues started')} {started} {started_before} 0" in text
    assert f"{sv('Dialogues running')} 2 1 +1" in text
    assert f"{sv('Dialogues finished')} 1 0 +1" in text
    change = received - received_before
    assert f"{sv('Views received')} {received} {received_before} +{change}" in text
    assert f"{sv('of which given online')} 0 {online_before} -{online_before}" in text
    assert f"{sv('Final decisions taken')} 1 0 +1" in text
    assert "Över nyår" in text and "I år" in text
    # The whole municipality's and a body's follow-up are titled by their scope.
    body_text = pdf_text(follow_up_document(cast.body, 2026, "interim"))
    assert sv("January–August %(year)s") % {"year": 2026} in body_text
    assert cast.body.name in body_text


def test_small_counts_are_held_back_on_the_page_and_in_the_pdf(client, cast):
    dialogue = dialogue_between(cast, "Få", at(2026, 2, 1, 9))
    views(dialogue, 6, date(2026, 3, 1), area="Centrum")
    views(dialogue, 3, date(2026, 3, 1), area="Norr", age_band="13-17")
    text = pdf_text(follow_up_document(None, 2026))
    fewer = sv("fewer than %(n)s") % {"n": 5}
    assert "Centrum 6" in text and f"Norr {fewer}" in text and "Norr 3" not in text
    assert f"{sv('13–17 years')} {fewer}" in text
    client.force_login(cast.clerk)
    page = client.get(reverse("reports:follow_up"), {"body": "kommunen", "period": "year:2026"})
    html = page.content.decode()
    assert page.status_code == 200 and fewer in html
    assert "<svg" in html and 'id="follow-up-age-chart-title"' in html
    age_chart = page.context["figures"]["age_chart"]
    small = next(b for b in age_chart["bars"] if b["label"] == sv("13–17 years"))
    assert small["width"] == 0 and small["n"] == fewer


# -- Generating it, and who may --------------------------------------------------------------


def test_the_permission_walk(client, cast, fake_render):
    dialogue_between(cast, "Något", at(2026, 2, 1, 9))
    url = reverse("reports:follow_up")
    municipality = {"body": "kommunen", "period": "year:2026"}
    body = {"body": cast.body.pk, "period": "interim:2026"}
    expected = {
        # (may read the page, may generate the municipality's, may generate the body's)
        "clerk": (True, True, True),  # committee secretary of the executive board
        "official": (True, False, True),
        "politician": (True, False, False),
        "other_clerk": (True, False, False),  # a committee's secretary
        "other_politician": (True, False, False),
        "outsider": (False, False, False),
    }
    for name, (read, whole, own) in expected.items():
        user = cast.everyone()[name]
        client.force_login(user)
        assert client.get(url, municipality).status_code == (200 if read else 403), name
        response = client.post(url, municipality)
        assert response.status_code == (302 if whole else 403), name
        response = client.post(url, body)
        assert response.status_code == (302 if own else 403), name
    reports = Report.objects.filter(kind=Report.Kind.FOLLOW_UP)
    whole = reports.get(body__isnull=True)
    assert (whole.period, whole.year, whole.subject) == ("year", 2026, "municipality:year:2026")
    assert whole.is_done and whole.download_name == "follow-up-kommunen-2026-v1.pdf"
    own = reports.filter(body=cast.body).order_by("version")
    assert [(r.period, r.version) for r in own] == [("interim", 1), ("interim", 2)]
    # Unknown periods and years are refused with a reason, not a crash.
    client.force_login(cast.clerk)
    for bad in ("term:2024", "year:abc", "nonsense", "year:2999", "interim:-5"):
        response = client.post(url, {"body": "kommunen", "period": bad})
        assert response.status_code == 400, bad
        assert 'id="refusal"' in response.content.decode()
        assert client.get(url, {"body": "kommunen", "period": bad}).status_code == 200
    assert services.request_report  # the service is what the page calls


def test_the_page_and_the_pdf_read_a_fixed_number_of_queries(cast):
    goal = Goal.objects.create(title="Mål", owner_body=cast.body, period_start=date(2026, 1, 1))

    def grow(n):
        for index in range(n):
            dialogue = dialogue_between(
                cast, f"D{index}-{n}", at(2025, 12, 1, 9), at(2026, 5, 1, 9)
            )
            views(dialogue, 2, date(2026, 2, 1))
            record_decision(
                dialogue, DecisionPoint.FINAL, by=cast.clerk, decided_on=date(2026, 4, 1)
            )
            ResidentFeedback.objects.create(dialogue=dialogue, published_on=date(2026, 4, 5))
            Evaluation.objects.create(dialogue=dialogue, done_on=date(2026, 5, 2))
            activity = Activity.objects.create(
                dialogue=dialogue,
                title="Möte",
                starts_at=at(2026, 2, 1, 18),
                status=Activity.Status.HELD,
            )
            group = TargetGroup.objects.filter(dialogue=dialogue).first()
            ActivityReach.objects.create(activity=activity, target_group=group, participants=7)
            dialogue.goals.add(goal)

    def count():
        with CaptureQueriesContext(connection) as queries:
            selectors.follow_up_context(None, Period("year", 2026))
        return len(queries.captured_queries)

    grow(2)
    few = count()
    grow(5)
    assert count() == few
    assert figures(Period("year", 2026), None)["running"] == 7


# -- The rhythm's reminder ---------------------------------------------------------------------


def test_the_clerk_is_reminded_until_the_follow_up_is_generated(cast):
    dialogue_between(cast, "Förra året", at(2025, 3, 1, 9))
    dialogue_between(cast, "Nämndens", at(2025, 3, 1, 9), body=cast.other_body)
    make_profile("rytm", follow_up_rhythm_months=12, is_active=True)
    with CaptureQueriesContext(connection) as queries:
        due = due_follow_ups(cast.clerk)
    assert len(queries.captured_queries) <= 4
    # The executive board's secretary: the municipality's and the board's own year 2025.
    assert [(d.body, d.period) for d in due] == [
        (None, Period("year", 2025)),
        (cast.body, Period("year", 2025)),
    ]
    assert [(d.body, d.period) for d in due_follow_ups(cast.other_clerk)] == [
        (cast.other_body, Period("year", 2025))
    ]
    assert due_follow_ups(cast.politician) == due_follow_ups(cast.official) == []
    Report.objects.create(
        kind=Report.Kind.FOLLOW_UP,
        subject="municipality:year:2025",
        period="year",
        year=2025,
        version=1,
        title="Uppföljning 2025",
        created_by=cast.clerk,
        status=Report.Status.DONE,
    )
    assert [(d.body, d.period) for d in due_follow_ups(cast.clerk)] == [
        (cast.body, Period("year", 2025))
    ]
    # Twice a year: the interim period of this year too; per term: the term that ended.
    PolicyProfile.objects.filter(key="rytm").update(follow_up_rhythm_months=6)
    assert {d.period for d in due_follow_ups(cast.clerk)} == {
        Period("interim", 2026),
        Period("year", 2025),
    }
    PolicyProfile.objects.filter(key="rytm").update(follow_up_rhythm_months=48)
    assert {d.period for d in due_follow_ups(cast.clerk)} == {Period("term", 2022)}


def test_the_dashboard_shows_the_reminder(client, cast):
    dialogue_between(cast, "Förra året", at(2025, 3, 1, 9))
    client.force_login(cast.clerk)
    html = client.get(reverse("dialog:dashboard")).content.decode()
    assert 'id="follow-up-due"' in html
    due = sv("The follow-up of the dialogue work for %(period)s is due: %(scope)s.")
    assert due % {"period": "2025", "scope": settings.MUNICIPALITY_NAME} in html
    assert "body=kommunen&amp;period=year%3A2025" in html
    client.force_login(cast.politician)
    html = client.get(reverse("dialog:dashboard")).content.decode()
    assert 'id="follow-up"' in html and 'id="follow-up-due"' not in html


# -- The profile's two fields ------------------------------------------------------------------


def test_the_migration_splits_the_old_interval():
    from importlib import import_module

    migration = import_module("governance.migrations.0012_follow_up_rhythm")
    own = PolicyProfile.objects.create(key="egen", name="Egen", follow_up_rhythm_months=48)
    haninge = PolicyProfile.objects.create(key="haninge", name="Haninge")
    solna = PolicyProfile.objects.create(key="solna", name="Solna")
    migration.split(django_apps, None)
    rows = {
        p.key: (p.follow_up_rhythm_months, p.policy_review_interval_months)
        for p in PolicyProfile.objects.filter(pk__in=[own.pk, haninge.pk, solna.pk])
    }
    assert rows == {"egen": (12, 48), "haninge": (12, 48), "solna": (12, None)}


def test_the_presets_rhythm_and_review():
    from governance.profiles import PRESETS

    assert {k: v["follow_up_rhythm_months"] for k, v in PRESETS.items()} == dict.fromkeys(
        PRESETS, 12
    )
    reviews = {k: v["policy_review_interval_months"] for k, v in PRESETS.items()}
    assert reviews == {
        "sandviken": None,
        "solna": None,
        "haninge": 48,
        "forshaga": None,
        "hagfors": 48,
    }
    assert Body.Kind.EXECUTIVE_BOARD  # the municipality's follow-up's secretaries

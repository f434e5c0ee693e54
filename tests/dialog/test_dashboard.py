"""The dashboards at scale (issue 11): a bounded number of queries whatever the number of
dialogues, at most DASHBOARD_ROWS rows per list with the total and a link to the whole filtered
list, and the reminders read in SQL for the user alone (the same as the e-mails find)."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialog.filters import DialogueFilter
from dialog.models import (
    Activity,
    Dialogue,
    PlannedDecisionPoint,
    State,
    TransitionLog,
)
from dialog.selectors import dialogue_list, overdue, reminders
from governance.models import DocumentType, PolicyProfile, SteeringDocument
from roles.models import Body, Membership
from tests.factories import make_body, make_member, make_profile
from tests.helpers import element, html, login, text

ROWS = settings.DASHBOARD_ROWS


def bulk_dialogues(cast, n, state, *, label, registered=True, waited_days=None, **extra):
    """`n` dialogues of the cast's body in `state`, made in a few queries."""
    made = Dialogue.objects.bulk_create(
        Dialogue(
            title=f"{label} {i}",
            body=cast.body,
            responsible_official=cast.official,
            initiated_by=cast.official,
            **extra,
        )
        for i in range(n)
    )
    pks = [d.pk for d in made]
    Dialogue.objects.filter(pk__in=pks).update(state=state)
    if registered:
        for d in made:
            Dialogue.objects.filter(pk=d.pk).update(
                case_number=f"{cast.body.code} 2026/{d.pk}", case_year=2026, case_sequence=d.pk
            )
    if waited_days is not None:
        TransitionLog.objects.bulk_create(
            TransitionLog(
                dialogue_id=pk,
                transition="submit",
                source=State.INITIATIVE,
                target=state,
                by=cast.official,
                at=timezone.now() - timedelta(days=waited_days),
            )
            for pk in pks
        )
    return pks


def owned_administration(cast):
    administration = make_body("KLK", "Kommunledningskontoret", kind=Body.Kind.ADMINISTRATION)
    Membership.objects.create(
        person=cast.official,
        body=administration,
        role=Membership.Role.OFFICIAL,
        valid_from=date(2020, 1, 1),
    )
    return administration


def populate(cast, n, administration):
    """`n` dialogues (and documents) in every situation a dashboard lists."""
    today = timezone.localdate()
    bulk_dialogues(cast, n, State.INITIATIVE, label="Att registrera", registered=False)
    # Under a profile where the executive board decides the mandate, the deciding bodies are a
    # query of their own (policy.deciding_bodies): asked once, never once per dialogue.
    board, _ = PolicyProfile.objects.get_or_create(
        key="ks", defaults={"name": "KS", "mandate_decided_by": "executive_board"}
    )
    bulk_dialogues(
        cast, n, State.MANDATE_DECISION, label="Väntar länge", waited_days=45, policy_profile=board
    )
    bulk_dialogues(cast, n, State.LAUNCH_DECISION, label="Väntar kort", waited_days=2)
    late = bulk_dialogues(cast, n, State.EXECUTION, label="Genomförs")
    PlannedDecisionPoint.objects.bulk_create(
        PlannedDecisionPoint(dialogue_id=pk, point="final", planned_on=today - timedelta(days=3))
        for pk in late
    )
    Activity.objects.bulk_create(
        Activity(
            dialogue_id=pk,
            title="Dialogcafé",
            starts_at=timezone.now() - timedelta(days=2),
            responsible=cast.official,
        )
        for pk in late
    )
    policy = DocumentType.objects.get(name="Policy")
    SteeringDocument.objects.bulk_create(
        SteeringDocument(
            title=f"Policy att revidera {i}",
            type=policy,
            adopting_body=cast.body,
            owner_body=administration,
            status=SteeringDocument.Status.ADOPTED,
            decision_date=date(2017, 9, 25),
            valid_from=date(2017, 10, 1),
            revision_date=today - timedelta(days=1),
        )
        for i in range(n)
    )


def dashboard_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dialog:dashboard"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("role", ["official", "politician", "clerk"])
def test_the_dashboards_queries_are_the_same_with_3_and_60_dialogues(client, cast, role):
    administration = owned_administration(cast)
    login(client, getattr(cast, role))
    client.get(reverse("dialog:dashboard"))  # the session and caches warmed
    populate(cast, 3, administration)
    few, page = dashboard_queries(client)
    assert 'id="overdue"' in page
    populate(cast, 57, administration)
    many, page = dashboard_queries(client)
    assert 'id="overdue"' in page
    assert many == few


def table_rows(page, selector) -> list[str]:
    return [a.get_text(strip=True) for a in element(page, selector).select('th[scope="row"] > a')]


def listed(client, show) -> set[str]:
    """The titles on every page of the dialogue list filtered by `show`."""
    titles, page_number = set(), 1
    while True:
        page = html(client.get(reverse("dialog:list"), {"show": show, "page": page_number}))
        found = table_rows(page, "#results")
        titles |= set(found)
        if not found or f"page={page_number + 1}" not in page:
            return titles
        page_number += 1


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


@pytest.mark.parametrize(
    ("role", "section", "show", "expected"),
    [
        # Everything is the official's: registered or not, every state.
        ("official", "#mine", "mine", {}),
        (
            "politician",
            "#awaiting",
            "awaiting",
            {"state__in": ["mandate_decision", "launch_decision"]},
        ),
        ("clerk", "#to-register", "to_register", {"case_number__isnull": True}),
        (
            "clerk",
            "#to-record",
            "to_record",
            {"state__in": ["mandate_decision", "launch_decision"]},
        ),
    ],
)
def test_each_list_shows_20_rows_its_total_and_a_link_to_exactly_those(
    client, cast, role, section, show, expected
):
    populate(cast, 30, owned_administration(cast))
    everything = Dialogue.objects.filter(**expected)
    login(client, getattr(cast, role))
    page = html(client.get(reverse("dialog:dashboard")))
    shown = table_rows(page, section)
    assert len(shown) == ROWS
    assert set(shown) <= titles(everything)
    total = everything.count()
    assert f"({total})" in text(page, section)
    link = element(page, f'{section} a[href="{reverse("dialog:list")}?show={show}"]')
    assert str(total) in link.get_text()
    assert listed(client, show) == titles(everything)


def test_the_overdue_list_shows_20_reminders_and_links_to_their_dialogues(client, cast):
    populate(cast, 30, owned_administration(cast))
    page = html(login(client, cast.official).get(reverse("dialog:dashboard")))
    items = element(page, "#overdue").select(".reminders__item")
    assert len(items) == ROWS
    # 30 waiting too long, 30 planned decisions passed, 30 activities late: in 60 dialogues.
    assert "(90)" in text(page, "#overdue-heading")
    # Most overdue first: the decision points waiting since 45 days ago.
    assert all("Väntar länge" in item.get_text() for item in items)
    link = element(page, f'#overdue a[href="{reverse("dialog:list")}?show=overdue"]')
    assert "60" in link.get_text()
    expected = titles(Dialogue.objects.filter(title__startswith="Väntar länge")) | titles(
        Dialogue.objects.filter(title__startswith="Genomförs")
    )
    assert listed(client, "overdue") == expected


def test_due_documents_show_20_rows_and_the_total(client, cast):
    populate(cast, 30, owned_administration(cast))
    page = html(login(client, cast.official).get(reverse("dialog:dashboard")))
    assert len(element(page, "#due-documents").select("li")) == ROWS
    assert "(30)" in text(page, "#due-documents-heading")


def test_a_short_list_has_no_link(client, cast):
    populate(cast, 3, owned_administration(cast))
    page = html(login(client, cast.official).get(reverse("dialog:dashboard")))
    assert len(table_rows(page, "#mine")) == 12
    assert "?show=mine" not in page


def test_the_show_filter_is_the_users_own(cast):
    """Another politician's "awaiting my decision" is theirs: nothing of this body."""
    bulk_dialogues(cast, 2, State.MANDATE_DECISION, label="Väntar")
    request = RequestFactory().get("/")
    request.user = cast.other_politician
    found = DialogueFilter({"show": "awaiting"}, queryset=dialogue_list(), request=request).qs
    assert list(found) == []
    request.user = cast.politician
    found = DialogueFilter({"show": "awaiting"}, queryset=dialogue_list(), request=request).qs
    assert found.count() == 2


# -- The user's reminders in SQL find what the e-mails find --------------------------------------


def test_overdue_of_each_person_is_their_share_of_all_reminders(cast):
    """Under every way of deciding (the body, the council, any political body, the executive
    board, the presidium or the body without one), the SQL of `overdue` and the recipients
    `reminders` works out in Python agree for everyone."""
    council = make_body("KF", "Kommunfullmäktige", kind=Body.Kind.COUNCIL)
    make_member(council, Membership.Role.MEMBER, first_name="Frida")
    make_member(council, Membership.Role.SECRETARY, first_name="Klara")
    presidium = make_body("KSP", "KS presidium", kind=Body.Kind.PRESIDIUM, parent=cast.body)
    make_member(presidium, Membership.Role.CHAIR, first_name="Pia")
    M, L = PolicyProfile.MandateDecider, PolicyProfile.LaunchDecider
    profiles = [None] + [
        make_profile(f"p{i}", mandate_decided_by=mode, reminder_after_days=days)
        for i, (mode, days) in enumerate(
            [
                (M.COUNCIL, 30),
                (M.ANY_POLITICAL_BODY, 10),
                (M.EXECUTIVE_BOARD, 50),
                (M.STANCE_ONLY, 5),
            ]
        )
    ]
    presidial = make_profile("pres", launch_decided_by=L.PRESIDIUM, reminder_after_days=20)
    for i, profile in enumerate(profiles):
        for state in (State.MANDATE_DECISION, State.LAUNCH_DECISION, State.DECISION):
            for days in (3, 15, 40):
                bulk_dialogues(
                    cast,
                    1,
                    state,
                    label=f"{i}-{state}-{days}",
                    waited_days=days,
                    policy_profile=profile,
                )
    for state in (State.LAUNCH_DECISION, State.EXECUTION):
        bulk_dialogues(
            cast, 1, state, label=f"pres-{state}", waited_days=40, policy_profile=presidial
        )
    other = bulk_dialogues(cast, 1, State.LAUNCH_DECISION, label="other", waited_days=40)
    Dialogue.objects.filter(pk__in=other).update(body=cast.other_body, policy_profile=presidial)
    today = timezone.localdate()
    for pk in Dialogue.objects.filter(state=State.EXECUTION).values_list("pk", flat=True):
        for point in ("mandate", "launch", "final"):
            PlannedDecisionPoint.objects.update_or_create(
                dialogue_id=pk, point=point, defaults={"planned_on": today - timedelta(days=1)}
            )
    late = bulk_dialogues(cast, 1, State.EXECUTION, label="aktivitet")
    Activity.objects.create(
        dialogue_id=late[0],
        title="Sen",
        starts_at=timezone.now() - timedelta(days=1),
        responsible=cast.other_official,
    )

    everyone = reminders()
    assert everyone
    for person in Membership.objects.values_list("person", flat=True).distinct():
        user = type(cast.official).objects.get(pk=person)
        mine = [(r.dialogue.pk, r.text) for r in everyone if user.pk in r.recipient_ids]
        assert sorted((r.dialogue.pk, r.text) for r in overdue(user)) == sorted(mine), user

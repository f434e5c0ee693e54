"""The scale generator (issue 11): what it makes, the constraints it respects, and that the pages
still render for what it made. Small numbers, on the test database (SQLite: bulk_create; with
DATABASE_URL on PostgreSQL: COPY)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.test import Client
from django.utils import timezone

from dialog.models import (
    CaseSequence,
    Decision,
    DecisionPoint,
    Dialogue,
    InputItem,
    Mandate,
    State,
    Theme,
    TransitionLog,
)
from dialog.scale import BIG_TITLE
from governance.models import SteeringDocument
from roles.models import Meeting, Membership

pytestmark = pytest.mark.django_db


def generate(**numbers) -> str:
    out = StringIO()
    call_command("generate_scale", stdout=out, **numbers)
    return out.getvalue()


@pytest.fixture
def generated(db):
    documents_before = SteeringDocument.objects.count()
    generate(dialogues=40, inputs=1_500, documents=30, big_dialogue_inputs=600)
    return documents_before


def test_counts_and_every_state(generated):
    assert Dialogue.objects.count() == 40
    assert InputItem.objects.count() == 1_500
    assert SteeringDocument.objects.count() == generated + 30
    assert set(Dialogue.objects.values_list("state", flat=True)) == set(State.values)
    assert Mandate.objects.count() == 40
    big = Dialogue.objects.get(title=BIG_TITLE)
    assert big.inputs.count() == 600
    assert big.themes.count() == 30
    # Every input of a compiled dialogue has a theme; no generated history rows.
    assert not InputItem.objects.filter(
        dialogue__state=State.COMPILATION, themes__isnull=True
    ).exists()
    assert Dialogue.history.count() == 0
    # A tag joins an input to a theme of its own dialogue (on PostgreSQL the foreign-key
    # triggers are skipped while they go in, so the references are checked here).
    tags = InputItem.themes.through.objects
    assert tags.count() >= 1_500 - InputItem.objects.filter(dialogue__state=State.EXECUTION).count()
    assert not tags.exclude(theme__dialogue_id=F("inputitem__dialogue_id")).exists()
    assert tags.filter(inputitem__dialogue__isnull=True).count() == 0


def test_state_implies_its_decisions(generated):
    for dialogue in Dialogue.objects.prefetch_related("decisions"):
        approved = {d.point for d in dialogue.decisions.all() if d.outcome == "approved"}
        if dialogue.state in (State.EXECUTION, State.COMPILATION, State.DECISION):
            assert {DecisionPoint.MANDATE, DecisionPoint.LAUNCH} <= approved
        if dialogue.state == State.CLOSED:
            assert DecisionPoint.FINAL in approved
        if dialogue.state == State.INITIATIVE:
            assert not approved
    assert TransitionLog.objects.filter(decision__isnull=False).count() == Decision.objects.count()


def test_decisions_are_taken_at_the_deciding_bodies_meetings(generated):
    decisions = Decision.objects.all()
    assert decisions.exists()
    assert not decisions.exclude(kind=Decision.Kind.MEETING).exists()
    assert not decisions.filter(meeting__isnull=True).exists()
    assert not decisions.filter(paragraph="").exists()
    assert not decisions.exclude(meeting__body_id=F("body_id")).exists()
    assert not decisions.exclude(meeting__held_on=F("decided_on")).exists()
    assert not decisions.filter(decided_on__gt=timezone.localdate()).exists()
    pairs = decisions.values_list("meeting_id", "paragraph")
    assert len(pairs) == len(set(pairs))
    for decision in decisions.select_related("meeting"):
        decision.full_clean()
    # A second run with the same numbers decides on the same days: it reuses the meetings it
    # finds (one per body and day) and numbers its points above their paragraphs.
    meetings = Meeting.objects.count()
    generate(dialogues=40, inputs=100, documents=2, big_dialogue_inputs=50)
    assert Meeting.objects.count() < meetings + 10
    assert Meeting.objects.values("body", "held_on").distinct().count() == Meeting.objects.count()
    pairs = Decision.objects.values_list("meeting_id", "paragraph")
    assert len(pairs) == len(set(pairs))
    assert Decision.objects.filter(paragraph="11").exists()


def test_case_numbers_are_unique_and_the_sequence_goes_on(generated):
    registered = Dialogue.objects.exclude(case_number=None)
    assert registered.count() == registered.values("case_number").distinct().count()
    top = registered.values("body", "case_year").annotate(n=Count("pk"))
    for row in top:
        sequence = CaseSequence.objects.get(body_id=row["body"], year=row["case_year"])
        assert sequence.last == row["n"]
    # A second run adds above the first, with no IntegrityError on any constraint.
    generate(dialogues=15, inputs=100, documents=2, big_dialogue_inputs=50)
    assert Dialogue.objects.count() == 55
    registered = Dialogue.objects.exclude(case_number=None)
    assert registered.count() == registered.values("case_number").distinct().count()


def test_the_people_have_their_roles(generated):
    roles = set(
        Membership.objects.filter(person__username__startswith="skala.").values_list(
            "role", flat=True
        )
    )
    assert {
        Membership.Role.OFFICIAL,
        Membership.Role.CHAIR,
        Membership.Role.SECRETARY,
        Membership.Role.REGISTRAR,
    } <= roles
    # A case is registered by a registrar of its diarium body; decisions are recorded by the
    # body's committee secretary.
    registered = Dialogue.objects.exclude(case_number=None)
    assert not registered.filter(diarium_body__isnull=True).exists()
    for dialogue in registered:
        assert Membership.objects.filter(
            person_id=dialogue.registered_by_id,
            body_id=dialogue.diarium_body_id,
            role=Membership.Role.REGISTRAR,
        ).exists()
    for decision in Decision.objects.all():
        assert Membership.objects.filter(
            person_id=decision.recorded_by_id,
            body_id=decision.body_id,
            role=Membership.Role.SECRETARY,
        ).exists()


def test_pages_render_for_generated_dialogues(generated):
    big = Dialogue.objects.get(title=BIG_TITLE)
    official = big.responsible_official
    client = Client()
    client.force_login(official)
    typical = Dialogue.objects.filter(state=State.DECISION).first()
    for url in (
        "/",
        "/dialoger/",
        "/dialoger/?q=Skaldialog",
        big.get_absolute_url(),
        typical.get_absolute_url(),
        f"/dialoger/{big.pk}/synpunkter/",
        "/styrdokument/?q=medborgardialog",
    ):
        assert client.get(url).status_code == 200, url
    assert Theme.objects.filter(dialogue=big).count() == 30


def test_refuses_nonsense_numbers(db):
    with pytest.raises(CommandError):
        generate(dialogues=0, inputs=1, documents=1)

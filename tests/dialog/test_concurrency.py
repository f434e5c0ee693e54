"""Two people acting on the same dialogue at the same moment, with real threads.

Each race lets both sides start together and then waits, inside the service after the dialogue
has been loaded and checked (django-fsm's `pre_transition` signal, or the version check of a
save), for the other side to arrive there too. Without the row lock both arrive and both write;
with it the second is held at the lock, the first gives up waiting after a moment and commits,
and the second then reads what the first wrote and is refused.
"""

import threading
import time
from contextlib import contextmanager, suppress

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_fsm.signals import pre_transition

from dialog import services
from dialog.models import (
    Assignment,
    CaseSequence,
    Decision,
    DecisionPoint,
    Dialogue,
    Mandate,
    State,
    TransitionLog,
)
from dialog.services import initiative_mandate as initiative_services
from dialog.services import registration as registration_services
from roles.models import Membership
from tests.dialog.registrars import registrar_of, secretary_of
from tests.factories import Cast, make_dialogue, make_member, meeting_of, put_in_state

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL for real concurrent transactions (set DATABASE_URL); SQLite "
    "serialises all writers",
)

TIMEOUT = 20


def _in_threads(target, arguments):
    """Run `target(arg)` in one thread per argument; return [(arg, result or exception)]."""
    outcomes = []
    lock = threading.Lock()

    def work(arg):
        try:
            result = target(arg)
        except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
            result = exc
        finally:
            connection.close()
        with lock:
            outcomes.append((arg, result))

    threads = [threading.Thread(target=work, args=(arg,)) for arg in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return outcomes


# How long a side that has read and checked the dialogue waits for the other side to do the
# same. Without the row lock both arrive at once; with it the other side is held at the lock, so
# the wait runs out and the first side goes on alone.
MEET_TIMEOUT = 0.5


class Meeting:
    """A fresh rendezvous per try, for the sides of one race."""

    def __init__(self):
        self.barrier = None

    def start(self, parties):
        self.barrier = threading.Barrier(parties)

    def wait(self):
        with suppress(threading.BrokenBarrierError):
            self.barrier.wait(timeout=MEET_TIMEOUT)


@contextmanager
def both_read_before_either_writes():
    meeting = Meeting()

    def wait_for_the_other(sender, **kwargs):
        meeting.wait()

    pre_transition.connect(wait_for_the_other, sender=Dialogue, weak=False)
    try:
        yield meeting
    finally:
        pre_transition.disconnect(wait_for_the_other, sender=Dialogue)


def _user(pk):
    # A fresh user object per thread: the cached roles are not shared between threads.
    return get_user_model().objects.get(pk=pk)


def _record_at_meeting(dialogue_pk, name, user_pk, meeting_pk, paragraph, expected_state=None):
    """`name` recorded from the minutes by the committee secretary `user_pk`, as its own §."""
    return services.decide_at_meeting(
        dialogue_id=dialogue_pk,
        name=name,
        user=_user(user_pk),
        meeting=meeting_pk,
        paragraph=paragraph,
        text="Beslut enligt förslaget.",
        expected_state=expected_state,
    )


def _race(dialogue, name, user_pks, expected_state=None):
    """Each secretary in `user_pks` records `name` at the body's meeting today, each under its
    own § (so that neither is refused for the paragraph), at the same moment."""
    held = meeting_of(dialogue.body, timezone.localdate())
    sides = [(user_pk, str(9 + n)) for n, user_pk in enumerate(user_pks)]

    def decide(side):
        user_pk, paragraph = side
        return _record_at_meeting(
            dialogue.pk, name, user_pk, held.pk, paragraph, expected_state=expected_state
        )

    with both_read_before_either_writes() as meeting:
        meeting.start(len(sides))
        outcomes = _in_threads(decide, sides)
    won = [r for _, r in outcomes if isinstance(r, Dialogue)]
    lost = [r for _, r in outcomes if not isinstance(r, Dialogue)]
    return won, lost


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_secretaries_record_the_same_mandate_approval_at_once():
    cast = Cast()
    second = secretary_of(cast.body)
    dialogue = put_in_state(make_dialogue(cast), State.MANDATE_DECISION)

    won, lost = _race(
        dialogue,
        "approve_mandate",
        [cast.clerk.pk, second.pk],
        expected_state=State.MANDATE_DECISION,
    )

    assert len(won) == 1, lost
    assert len(lost) == 1
    # The second waited for the row lock and then found the dialogue moved on, as the page's
    # form (which sends the state it was opened at) would.
    assert isinstance(lost[0], services.Conflict), repr(lost[0])
    assert lost[0].reasons
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.PLANNING
    assert Decision.objects.filter(dialogue=dialogue, point=DecisionPoint.MANDATE).count() == 1
    assert (
        TransitionLog.objects.filter(dialogue=dialogue, transition="approve_mandate").count() == 1
    )


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_final_decisions_at_once():
    # `decide` stays in the decision state, so the state check lets both through; the row lock
    # makes the second read the first's decision and be refused.
    cast = Cast()
    dialogue = put_in_state(make_dialogue(cast), State.DECISION)

    won, lost = _race(dialogue, "decide", [cast.clerk.pk, secretary_of(cast.body).pk])

    assert len(won) == 1, lost
    assert len(lost) == 1
    assert isinstance(lost[0], services.ActionRefused), repr(lost[0])
    assert lost[0].reasons
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.DECISION
    assert Decision.objects.filter(dialogue=dialogue).count() == 1
    assert TransitionLog.objects.filter(dialogue=dialogue).count() == 1
    assert TransitionLog.objects.get(dialogue=dialogue).decision == Decision.objects.get()


def _assert_gapless(cast, dialogues, year):
    registered = Dialogue.objects.filter(pk__in=[d.pk for d in dialogues])
    numbers = list(registered.values_list("case_number", flat=True))
    assert len(set(numbers)) == len(dialogues)
    assert sorted(registered.values_list("case_sequence", flat=True)) == list(
        range(1, len(dialogues) + 1)
    )
    assert set(numbers) == {f"{cast.body.code} {year}/{n}" for n in range(1, len(dialogues) + 1)}
    assert CaseSequence.objects.get(body=cast.body, year=year).last == len(dialogues)


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_registrations_at_once_are_gapless(monkeypatch):
    # Widen the gap between reading the last number and writing the next one, so that without
    # the row lock two registrations would read the same number.
    real_save = CaseSequence.save

    def slow_save(self, *args, **kwargs):
        time.sleep(0.05)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(CaseSequence, "save", slow_save)
    cast = Cast()
    dialogues = [make_dialogue(cast, title=f"Dialog {n}") for n in range(20)]
    queue = list(dialogues)
    queue_lock = threading.Lock()
    start = threading.Barrier(8, timeout=TIMEOUT)

    registrar = registrar_of(cast.body)

    def register_some(_worker):
        clerk = _user(registrar.pk)
        start.wait()
        done = []
        while True:
            with queue_lock:
                if not queue:
                    return done
                dialogue = queue.pop()
            done.append(services.register_case(dialogue_id=dialogue.pk, user=clerk).case_number)

    outcomes = _in_threads(register_some, range(8))
    errors = [r for _, r in outcomes if isinstance(r, Exception)]
    assert not errors, errors
    assert sum(len(r) for _, r in outcomes) == 20
    _assert_gapless(cast, dialogues, timezone.localdate().year)


@pytest.mark.django_db
def test_twenty_registrations_one_after_another_are_gapless():
    cast = Cast()
    registrar = registrar_of(cast.body)
    dialogues = [make_dialogue(cast, title=f"Dialog {n}") for n in range(20)]
    for dialogue in dialogues:
        services.register_case(dialogue_id=dialogue.pk, user=registrar)
    _assert_gapless(cast, dialogues, timezone.localdate().year)


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_registrars_register_the_same_case_at_once(monkeypatch):
    # The loser must neither give a second number nor use one up: the sequence stays gapless.
    cast = Cast()
    first_registrar = registrar_of(cast.body)
    second_registrar = make_member(cast.body, Membership.Role.REGISTRAR, first_name="Klara")
    dialogue = make_dialogue(cast)
    start = threading.Barrier(2, timeout=TIMEOUT)
    meet = threading.Barrier(2)
    real_next = registration_services._next_case_sequence

    def meet_then_take_a_number(body, year):
        # Without the row lock on the dialogue both clerks would get here together.
        with suppress(threading.BrokenBarrierError):
            meet.wait(timeout=1)
        return real_next(body, year)

    monkeypatch.setattr(registration_services, "_next_case_sequence", meet_then_take_a_number)

    def register(user_pk):
        clerk = _user(user_pk)
        start.wait()
        return services.register_case(dialogue_id=dialogue.pk, user=clerk)

    outcomes = _in_threads(register, [first_registrar.pk, second_registrar.pk])
    won = [r for _, r in outcomes if isinstance(r, Dialogue)]
    lost = [r for _, r in outcomes if not isinstance(r, Dialogue)]
    assert len(won) == 1, lost
    assert len(lost) == 1
    assert isinstance(lost[0], services.Conflict), repr(lost[0])
    year = timezone.localdate().year
    assert Dialogue.objects.get(pk=dialogue.pk).case_number == f"{cast.body.code} {year}/1"
    assert CaseSequence.objects.get(body=cast.body, year=year).last == 1


# -- Step 9: the final decision against every other way out of the decision state -------------

TRIES = 20


def _contradictions(dialogue_pks) -> list[str]:
    """The dialogues whose final decisions and state do not agree."""
    found = []
    for dialogue in Dialogue.objects.filter(pk__in=dialogue_pks).prefetch_related("decisions"):
        final = [d.outcome for d in dialogue.decisions.all() if d.point == DecisionPoint.FINAL]
        approved = final.count(Decision.Outcome.APPROVED)
        rejected = final.count(Decision.Outcome.REJECTED)
        if (
            approved + rejected > 1
            or (approved and dialogue.state != State.DECISION)
            or (rejected and dialogue.state != State.REJECTED)
        ):
            found.append(f"{dialogue.pk}: {dialogue.state} {final}")
    return found


def _step_9_race(other_name):
    """`decide` against `other_name` at the same moment, TRIES times on fresh dialogues: two
    committee secretaries of the body record from the minutes of today's meeting, each decision
    under its own §; cancelling (no decision point's outcome) is the body's secretary's too."""
    cast = Cast()
    decider = secretary_of(cast.body)
    held = meeting_of(cast.body, timezone.localdate())
    dialogue_pks, results = [], []
    with both_read_before_either_writes() as meeting:
        for n in range(TRIES):
            dialogue = put_in_state(make_dialogue(cast), State.DECISION)
            dialogue_pks.append(dialogue.pk)
            sides = [
                ("decide", decider.pk, str(2 * n + 1)),
                (other_name, cast.clerk.pk, str(2 * n + 2)),
            ]

            def act(side, dialogue=dialogue):
                name, user_pk, paragraph = side
                if name == "cancel":
                    return services.run_transition(
                        dialogue_id=dialogue.pk,
                        name=name,
                        user=_user(user_pk),
                        comment="Beslut enligt förslaget.",
                        expected_state=State.DECISION,
                    )
                return _record_at_meeting(
                    dialogue.pk,
                    name,
                    user_pk,
                    held.pk,
                    paragraph,
                    expected_state=State.DECISION,
                )

            meeting.start(len(sides))
            results.append([r for _, r in _in_threads(act, sides)])
    return dialogue_pks, results


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("other_name", ["reject", "return_proposal", "cancel"])
def test_final_decision_against_another_way_out_at_once(other_name):
    dialogue_pks, results = _step_9_race(other_name)

    assert _contradictions(dialogue_pks) == []
    for outcome in results:
        won = [r for r in outcome if isinstance(r, Dialogue)]
        lost = [r for r in outcome if not isinstance(r, Dialogue)]
        assert len(won) == 1, outcome
        # Refused with a reason, never an error page.
        assert isinstance(lost[0], services.ActionRefused), repr(lost[0])
        assert lost[0].reasons


# -- Two saves of the same version at once: one is accepted, the other is a conflict ---------


def _save_race(monkeypatch, check_name, save, versions_of):
    """Run `save(user_pk, text, version)` for two officials at once, TRIES times, each pair
    starting from the same version; the sides meet after the service's version check."""
    meeting = Meeting()
    # The checks run in the initiative and mandate services' module, so they are patched there.
    real_check = getattr(initiative_services, check_name)

    def check_then_meet(*args, **kwargs):
        real_check(*args, **kwargs)
        meeting.wait()

    monkeypatch.setattr(initiative_services, check_name, check_then_meet)
    cast = Cast()
    results = []
    for n in range(TRIES):
        dialogue = make_dialogue(cast)
        Assignment.objects.create(
            dialogue=dialogue, person=cast.other_official, role=Assignment.Role.EXPERT
        )
        version = versions_of(dialogue)
        sides = [(cast.official.pk, f"Olgas text {n}"), (cast.other_official.pk, f"Ottos {n}")]
        meeting.start(len(sides))
        outcome = _in_threads(
            lambda side, dialogue=dialogue, version=version: save(dialogue, *side, version),
            sides,
        )
        results.append([r for _, r in outcome])
    return results


def _assert_one_accepted_one_conflict(results):
    both_accepted = [o for o in results if not any(isinstance(r, Exception) for r in o)]
    assert both_accepted == [], f"{len(both_accepted)}/{TRIES} saves overwrote each other"
    for outcome in results:
        conflicts = [r for r in outcome if isinstance(r, services.Conflict)]
        accepted = [r for r in outcome if not isinstance(r, Exception)]
        assert (len(accepted), len(conflicts)) == (1, 1), outcome


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_initiative_saves_of_the_same_version_at_once(monkeypatch):
    def save(dialogue, user_pk, text, version):
        return services.update_initiative(
            dialogue_id=dialogue.pk,
            user=_user(user_pk),
            data={"background": text},
            expected_updated_at=version,
        )

    results = _save_race(
        monkeypatch, "_check_unchanged", save, lambda d: Dialogue.objects.get(pk=d.pk).updated_at
    )
    _assert_one_accepted_one_conflict(results)


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_mandate_saves_of_the_same_version_at_once(monkeypatch):
    def save(dialogue, user_pk, text, version):
        return services.update_mandate(
            dialogue_id=dialogue.pk,
            user=_user(user_pk),
            data={"purpose": text},
            expected_updated_at=version,
        )

    results = _save_race(
        monkeypatch,
        "_check_unchanged_mandate",
        save,
        lambda d: Mandate.objects.get(dialogue=d).updated_at,
    )
    _assert_one_accepted_one_conflict(results)


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    "change", ["run_transition", "update_initiative", "update_mandate", "set_responsibility"]
)
def test_every_change_reads_the_dialogue_under_its_row_lock(change):
    cast = Cast()
    dialogue = make_dialogue(cast)
    calls = {
        "run_transition": lambda: services.run_transition(
            dialogue_id=dialogue.pk, name="submit_for_mandate", user=cast.official
        ),
        "update_initiative": lambda: services.update_initiative(
            dialogue_id=dialogue.pk, user=cast.official, data={"title": "Ny rubrik"}
        ),
        "update_mandate": lambda: services.update_mandate(
            dialogue_id=dialogue.pk, user=cast.official, data={"purpose": "Nytt syfte"}
        ),
        "set_responsibility": lambda: services.set_responsibility(
            dialogue_id=dialogue.pk,
            user=cast.official,
            responsible_official=cast.official,
            politicians=[cast.politician],
            experts=[],
            communicators=[],
        ),
    }
    with CaptureQueriesContext(connection) as queries:
        calls[change]()
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "dialog_dialogue"')]
    # The first read of the dialogue takes the lock; everything checked is read after it.
    assert 'FOR UPDATE OF "dialog_dialogue"' in reads[0], reads[0]

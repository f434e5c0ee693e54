"""Two people acting on the same dialogue at the same moment, with real threads.

Each race needs both sides to have read the dialogue before either writes; a barrier in
django-fsm's `pre_transition` signal (sent after the service has loaded the dialogue and checked
it, before the state changes and anything is saved) holds both threads there until both have
arrived. On PostgreSQL the loser then finds the row changed (ConcurrentTransitionMixin) or the
point already approved (the unique constraint) and gets a Conflict.
"""

import threading
import time
from contextlib import contextmanager, suppress

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection
from django.utils import timezone
from django_fsm import ConcurrentTransition
from django_fsm.signals import pre_transition

from dialog import services
from dialog.models import CaseSequence, Decision, DecisionPoint, Dialogue, State, TransitionLog
from roles.models import Membership
from tests.factories import Cast, make_dialogue, make_member, put_in_state

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


@contextmanager
def both_read_before_either_writes(parties):
    barrier = threading.Barrier(parties, timeout=TIMEOUT)

    def wait_for_the_other(sender, **kwargs):
        barrier.wait()

    pre_transition.connect(wait_for_the_other, sender=Dialogue, weak=False)
    try:
        yield barrier
    finally:
        pre_transition.disconnect(wait_for_the_other, sender=Dialogue)


def _user(pk):
    # A fresh user object per thread: the cached roles are not shared between threads.
    return get_user_model().objects.get(pk=pk)


def _race(dialogue, name, user_pks):
    def decide(user_pk):
        return services.run_transition(
            dialogue_id=dialogue.pk,
            name=name,
            user=_user(user_pk),
            comment="Beslut enligt förslaget.",
            paragraph="9",
        )

    with both_read_before_either_writes(len(user_pks)):
        outcomes = _in_threads(decide, user_pks)
    won = [r for _, r in outcomes if isinstance(r, Dialogue)]
    lost = [r for _, r in outcomes if not isinstance(r, Dialogue)]
    return won, lost


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_politicians_approve_the_same_mandate_at_once():
    cast = Cast()
    second = make_member(cast.body, Membership.Role.VICE_CHAIR, first_name="Vera")
    dialogue = put_in_state(make_dialogue(cast), State.MANDATE_DECISION)

    won, lost = _race(dialogue, "approve_mandate", [cast.politician.pk, second.pk])

    assert len(won) == 1, lost
    assert len(lost) == 1
    assert isinstance(lost[0], services.Conflict), repr(lost[0])
    assert lost[0].reasons
    # Both had read the dialogue at the mandate decision: the state check on save refused one.
    assert isinstance(lost[0].__cause__, ConcurrentTransition)
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.PLANNING
    assert Decision.objects.filter(dialogue=dialogue, point=DecisionPoint.MANDATE).count() == 1
    assert (
        TransitionLog.objects.filter(dialogue=dialogue, transition="approve_mandate").count() == 1
    )


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_final_decisions_at_once():
    # `decide` stays in the decision state, so the state check lets both through; the unique
    # constraint on approved decisions per point must turn the second into a conflict.
    cast = Cast()
    dialogue = put_in_state(make_dialogue(cast), State.DECISION)

    won, lost = _race(dialogue, "decide", [cast.politician.pk, cast.clerk.pk])

    assert len(won) == 1, lost
    assert len(lost) == 1
    assert isinstance(lost[0], services.Conflict), repr(lost[0])
    assert isinstance(lost[0].__cause__, IntegrityError)
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

    def register_some(_worker):
        clerk = _user(cast.clerk.pk)
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
    dialogues = [make_dialogue(cast, title=f"Dialog {n}") for n in range(20)]
    for dialogue in dialogues:
        services.register_case(dialogue_id=dialogue.pk, user=cast.clerk)
    _assert_gapless(cast, dialogues, timezone.localdate().year)


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_clerks_register_the_same_case_at_once(monkeypatch):
    # The loser must neither give a second number nor use one up: the sequence stays gapless.
    cast = Cast()
    second_clerk = make_member(cast.body, Membership.Role.CLERK, first_name="Klara")
    dialogue = make_dialogue(cast)
    start = threading.Barrier(2, timeout=TIMEOUT)
    meet = threading.Barrier(2)
    real_next = services._next_case_sequence

    def meet_then_take_a_number(body, year):
        # Without the row lock on the dialogue both clerks would get here together.
        with suppress(threading.BrokenBarrierError):
            meet.wait(timeout=1)
        return real_next(body, year)

    monkeypatch.setattr(services, "_next_case_sequence", meet_then_take_a_number)

    def register(user_pk):
        clerk = _user(user_pk)
        start.wait()
        return services.register_case(dialogue_id=dialogue.pk, user=clerk)

    outcomes = _in_threads(register, [cast.clerk.pk, second_clerk.pk])
    won = [r for _, r in outcomes if isinstance(r, Dialogue)]
    lost = [r for _, r in outcomes if not isinstance(r, Dialogue)]
    assert len(won) == 1, lost
    assert len(lost) == 1
    assert isinstance(lost[0], services.Conflict), repr(lost[0])
    year = timezone.localdate().year
    assert Dialogue.objects.get(pk=dialogue.pk).case_number == f"{cast.body.code} {year}/1"
    assert CaseSequence.objects.get(body=cast.body, year=year).last == 1

"""Gallring (issue 15): retention rules, `apply_retention`, the gallring log, the handlers that
dialog and participation register with core.retention."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import anonymise
from core.gallring import run_retention
from core.models import GallringLog, RetentionRule
from core.retention import retention_kinds
from dialog.models import Decision, Dialogue, InputItem, State, TransitionLog
from participation.models import FeedbackSubscription, OnlineForm, Question, Submission, TextAnswer
from tests.factories import add_inputs, make_dialogue, put_in_state

NOW = timezone.now()
SIGNED = "Mer ljus vid bussen. Mvh Anna, anna.svensson@exempel.se, 070-123 45 67"
PLAIN = "Mer ljus vid busstationen, tack."


def marker() -> str:
    return anonymise.marker()


def rule(kind="dialog.input_text", days=1095, minimum=365, **extra) -> RetentionRule:
    values = {
        "kind": kind,
        "retention_days": days,
        "minimum_days": minimum,
        "plan_reference": "Informationshanteringsplan KS 2025/31, 4.3.4",
        "decision_body": "Kommunstyrelsen",
        "decision_date": date(2025, 11, 12),
        "decision_paragraph": "187",
        **extra,
    }
    return RetentionRule.objects.create(**values)


def ended(dialogue, *, days_ago: int, state=State.CLOSED) -> Dialogue:
    dialogue = put_in_state(dialogue, state)
    TransitionLog.objects.create(
        dialogue=dialogue,
        transition="close",
        source=State.DECISION,
        target=state,
        by=dialogue.responsible_official,
        at=NOW - timedelta(days=days_ago),
    )
    return dialogue


def texts(dialogue) -> list[str]:
    return list(
        InputItem.all_objects.filter(dialogue=dialogue)
        .order_by("pk")
        .values_list("text", flat=True)
    )


def history_texts(dialogue) -> list[str]:
    return list(
        InputItem.history.filter(dialogue_id=dialogue.pk)
        .order_by("history_id")
        .values_list("text", flat=True)
    )


def edit(item, text):
    item.text = text
    item.save()  # a second history row, keeping the first version's text


@pytest.fixture
def old(cast):
    """A dialogue ended four years ago: one signed input (edited once), one plain, one
    withdrawn signed one."""
    dialogue = make_dialogue(cast, title="Gammal dialog")
    signed = add_inputs(dialogue, 1, text=SIGNED)[0]
    add_inputs(dialogue, 1, text=PLAIN)
    edit(signed, SIGNED + " (rättad)")
    withdrawn = add_inputs(dialogue, 1, text="Dubblett: ring 08-123 456 78")[0]
    InputItem.all_objects.filter(pk=withdrawn.pk).update(
        withdrawn_at=NOW, withdrawn_by=cast.official, withdrawal_reason="Dubblett"
    )
    return ended(dialogue, days_ago=4 * 365)


@pytest.fixture
def recent(cast):
    """Ended one year ago: not due under a three-year rule."""
    dialogue = make_dialogue(cast, title="Ny dialog")
    add_inputs(dialogue, 1, text=SIGNED)
    return ended(dialogue, days_ago=365)


@pytest.fixture
def running(cast):
    dialogue = make_dialogue(cast, title="Pågående dialog")
    add_inputs(dialogue, 1, text=SIGNED)
    return put_in_state(dialogue, State.EXECUTION)


# -- The rules ------------------------------------------------------------------------------------


def test_every_app_registers_its_kinds():
    keys = {k.key for k in retention_kinds()}
    assert {
        "dialog.input_text",
        "participation.feedback_address",
        "participation.online_text",
    } <= keys


@pytest.mark.django_db
def test_a_period_shorter_than_the_plans_minimum_is_refused_with_the_reason():
    too_short = RetentionRule(
        kind="dialog.input_text",
        retention_days=400,
        minimum_days=730,
        plan_reference="IHP",
        decision_body="KS",
        decision_date=date(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as refused:
        too_short.full_clean()
    assert set(refused.value.message_dict) == {"retention_days"}
    assert "730" in refused.value.message_dict["retention_days"][0]


@pytest.mark.django_db
def test_a_minimum_shorter_than_the_law_is_refused():
    below_law = RetentionRule(
        kind="dialog.input_text",
        retention_days=100,
        minimum_days=30,
        plan_reference="IHP",
        decision_body="KS",
        decision_date=date(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as refused:
        below_law.full_clean()
    assert "365" in refused.value.message_dict["minimum_days"][0]
    assert "365" in refused.value.message_dict["retention_days"][0]


@pytest.mark.django_db
def test_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError) as refused:
        RetentionRule(
            kind="nowhere.nothing",
            retention_days=400,
            minimum_days=365,
            plan_reference="IHP",
            decision_body="KS",
            decision_date=date(2025, 1, 1),
        ).full_clean()
    assert "kind" in refused.value.message_dict


@pytest.mark.django_db
def test_the_database_refuses_a_period_shorter_than_the_minimum():
    with pytest.raises(IntegrityError), transaction.atomic():
        rule(days=100, minimum=365)


@pytest.mark.django_db
def test_one_active_rule_per_kind():
    rule()
    rule(active=False)  # an old rule, switched off, stays
    with pytest.raises(IntegrityError), transaction.atomic():
        rule()


# -- The runs -------------------------------------------------------------------------------------


def test_a_dry_run_changes_nothing_but_logs_what_is_due(old, recent, running):
    input_rule = rule()
    before = {d.pk: (texts(d), history_texts(d)) for d in (old, recent, running)}

    out = StringIO()
    call_command("apply_retention", dry_run=True, stdout=out)

    assert {d.pk: (texts(d), history_texts(d)) for d in (old, recent, running)} == before
    log = GallringLog.objects.get(kind="dialog.input_text")
    assert log.dry_run and log.rule == input_rule
    # The signed input and the withdrawn one; their history rows (2 + 1).
    assert (log.count, log.history_count) == (2, 3)
    assert log.decision == "Kommunstyrelsen 2025-11-12 § 187"
    assert log.plan_reference.startswith("Informationshanteringsplan")
    assert log.started_by == "scheduler" and log.run_by is None
    assert "dialog.input_text: 2 record(s) and 3 history row(s) due" in out.getvalue()
    assert "participation.online_text: no active rule" in out.getvalue()


def test_a_run_anonymises_only_what_is_due_and_keeps_every_record(old, recent, running):
    rule()
    counts = (Dialogue.objects.count(), InputItem.all_objects.count(), Decision.objects.count())
    untouched = {d.pk: (texts(d), history_texts(d)) for d in (recent, running)}

    done, _uncovered = run_retention(dry_run=False, started_by="test")

    assert (Dialogue.objects.count(), InputItem.all_objects.count(), Decision.objects.count()) == (
        counts
    )
    mark = marker()
    signed, plain, withdrawn = texts(old)
    assert signed == f"Mer ljus vid bussen. Mvh Anna, {mark}, {mark} (rättad)"
    assert plain == PLAIN
    assert withdrawn == f"Dubblett: ring {mark}"
    for text in history_texts(old):
        assert "anna.svensson" not in text and "070" not in text and "08-123" not in text
    assert {d.pk: (texts(d), history_texts(d)) for d in (recent, running)} == untouched
    log = GallringLog.objects.get(kind="dialog.input_text")
    assert not log.dry_run and (log.count, log.history_count) == (2, 3)
    assert InputItem.objects.get(text=plain).withdrawn_at is None  # nothing else changed


def test_a_second_run_changes_nothing_and_logs_nothing(old):
    rule()
    run_retention(dry_run=False, started_by="test")
    after = (texts(old), history_texts(old))
    logs = GallringLog.objects.count()

    done, _uncovered = run_retention(dry_run=False, started_by="test")

    assert (texts(old), history_texts(old)) == after
    assert all(item.outcome.total == 0 for item in done)
    assert GallringLog.objects.count() == logs


def test_a_rejected_or_cancelled_dialogue_counts_as_ended(cast):
    rule()
    rejected = make_dialogue(cast, title="Avslagen")
    add_inputs(rejected, 1, text=SIGNED)
    ended(rejected, days_ago=4 * 365, state=State.REJECTED)
    run_retention(dry_run=False, started_by="test")
    assert "anna.svensson" not in texts(rejected)[0]


def test_without_an_active_rule_nothing_of_the_kind_is_touched(old):
    rule(active=False)
    before = texts(old)
    done, uncovered = run_retention(dry_run=False, started_by="test")
    assert texts(old) == before
    assert "dialog.input_text" in {k.key for k in uncovered}


def test_the_run_by_a_named_person_is_logged(old, cast):
    rule()
    call_command("apply_retention", by=cast.clerk.username, stdout=StringIO())
    log = GallringLog.objects.get(kind="dialog.input_text")
    assert log.run_by == cast.clerk and log.started_by == cast.clerk.username


def test_queries_do_not_grow_with_the_data(cast):
    rule()

    def queries(n):
        dialogue = make_dialogue(cast, title=f"Dialog {n}")
        add_inputs(dialogue, n, text=SIGNED)
        ended(dialogue, days_ago=4 * 365)
        with CaptureQueriesContext(connection) as captured:
            run_retention(dry_run=False, started_by="test")
        return len(captured)

    assert queries(3) == queries(30)


# -- Participation's kinds -----------------------------------------------------------------------


def subscribe(dialogue, email, *, sent_days_ago=None, left_days_ago=0):
    return FeedbackSubscription.objects.create(
        dialogue=dialogue,
        email=email,
        created_at=NOW - timedelta(days=left_days_ago),
        sent_at=None if sent_days_ago is None else NOW - timedelta(days=sent_days_ago),
    )


def test_addresses_are_deleted_under_the_rule_and_logged(dialogue):
    address_rule = rule(kind="participation.feedback_address", days=60, minimum=30)
    subscribe(dialogue, "gammal@exempel.se", sent_days_ago=61, left_days_ago=90)
    subscribe(dialogue, "ny@exempel.se", sent_days_ago=45, left_days_ago=90)
    subscribe(dialogue, "vantar@exempel.se", left_days_ago=90)

    call_command("delete_expired_addresses", stdout=StringIO())

    assert sorted(FeedbackSubscription.objects.values_list("email", flat=True)) == [
        "ny@exempel.se",
        "vantar@exempel.se",
    ]
    log = GallringLog.objects.get(kind="participation.feedback_address")
    assert log.rule == address_rule and log.count == 1 and log.action == "delete"
    assert Dialogue.objects.filter(pk=dialogue.pk).exists()


def test_without_a_rule_the_privacy_notices_period_applies(dialogue, settings):
    settings.FEEDBACK_ADDRESS_RETENTION_DAYS = 30
    subscribe(dialogue, "gammal@exempel.se", sent_days_ago=31)
    subscribe(dialogue, "ny@exempel.se", sent_days_ago=29)
    run_retention(dry_run=False, started_by="test")
    assert list(FeedbackSubscription.objects.values_list("email", flat=True)) == ["ny@exempel.se"]
    log = GallringLog.objects.get(kind="participation.feedback_address")
    assert log.rule is None and log.retention_days == 30


def online_view(dialogue, text, answer):
    form = OnlineForm.objects.create(
        dialogue=dialogue,
        opens_on=date(2020, 1, 1),
        closes_on=date(2020, 2, 1),
        created_by=dialogue.responsible_official,
    )
    question = Question.objects.create(form=form, kind=Question.Kind.TEXT, text="Något mer?")
    submission = Submission.objects.create(form=form, dialogue=dialogue, text=text)
    TextAnswer.objects.create(submission=submission, question=question, text=answer)
    return submission


def test_views_given_online_are_anonymised_with_their_history(cast):
    rule(kind="participation.online_text")
    old_dialogue = make_dialogue(cast, title="Gammal")
    old_view = online_view(old_dialogue, SIGNED, "Ring 0701234567")
    new_dialogue = make_dialogue(cast, title="Ny")
    new_view = online_view(new_dialogue, SIGNED, "Ring 0701234567")
    ended(old_dialogue, days_ago=4 * 365)

    run_retention(dry_run=False, started_by="test")

    old_view.refresh_from_db()
    assert "anna.svensson" not in old_view.text and old_view.text.startswith("Mer ljus")
    assert TextAnswer.objects.get(submission=old_view).text == f"Ring {marker()}"
    assert all("anna.svensson" not in h.text for h in old_view.history.all())
    new_view.refresh_from_db()
    assert new_view.text == SIGNED
    assert Submission.objects.count() == 2
    log = GallringLog.objects.get(kind="participation.online_text")
    assert (log.count, log.history_count) == (2, 1)


def test_the_scheduler_runs_the_gallring_daily():
    from django.conf import settings

    from dialog.management.commands.run_scheduler import build_scheduler

    assert settings.PERIODIC_JOBS["apply_retention"] == {"hour": "3", "minute": "50"}
    assert "apply_retention" in {job.id for job in build_scheduler().get_jobs()}


# -- The admin -----------------------------------------------------------------------------------


def test_the_admin_edits_rules_and_only_reads_the_log(client, old):
    from tests.factories import make_superuser

    rule()
    run_retention(dry_run=True, started_by="test")
    client.force_login(make_superuser())
    assert client.get("/admin/core/retentionrule/").status_code == 200
    assert client.get("/admin/core/retentionrule/add/").status_code == 200
    assert client.get("/admin/core/gallringlog/").status_code == 200
    log = GallringLog.objects.first()
    assert client.get(f"/admin/core/gallringlog/{log.pk}/delete/").status_code == 403
    assert client.get("/admin/core/gallringlog/add/").status_code == 403
    first = RetentionRule.objects.first()
    assert client.get(f"/admin/core/retentionrule/{first.pk}/delete/").status_code == 403


def test_the_admin_refuses_a_short_rule_with_the_reason(client, db):
    from tests.factories import make_superuser

    client.force_login(make_superuser())
    response = client.post(
        "/admin/core/retentionrule/add/",
        {
            "kind": "dialog.input_text",
            "retention_days": "100",
            "minimum_days": "365",
            "plan_reference": "IHP",
            "decision_body": "KS",
            "decision_date": "2025-11-12",
            "decision_paragraph": "1",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "365" in str(response.context["adminform"].form.errors["retention_days"])
    assert not RetentionRule.objects.exists()


# -- Scrubbing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "mejla Anna.S@Exempel.se",
        "ring 070-123 45 67",
        "ring +46 70 123 45 67",
        "ring 08-123 456 78",
        "pnr 19800101-1234",
        "pnr 800101-1234",
    ],
)
def test_identifiers_are_scrubbed(text):
    assert anonymise.scrub(text, "X").endswith("X")


@pytest.mark.parametrize(
    "text",
    [
        "KS 2026/14",
        "diarienummer 2016-000003",
        "50 000 kr",
        "den 2026-03-01",
        "Storgatan 12, 5 lampor",
    ],
)
def test_other_numbers_stay(text):
    assert anonymise.scrub(text, "X") == text

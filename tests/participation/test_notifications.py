"""The residents' side's e-mails: the feedback when it becomes public (once per address, through
the task queue), the signed unsubscribe link, the addresses' retention, and the officials who
follow a dialogue."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from dialog import services as dialog_services
from dialog.models import State
from participation import notifications, subscriptions
from participation.models import DialogueFollow, FeedbackSubscription
from participation.signals import online_view_received
from participation.subscriptions import subscribe_for_feedback
from participation.templatetags.public_tags import public_reverse
from tests.factories import RESIDENT_FEEDBACK, make_dialogue, put_in_state

from .conftest import publish

# In UTC: days added to it are whole days across daylight saving time.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # The queue runs each task at once; links start with a known address.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://delaktig.exempelby.se"
    settings.FEEDBACK_ADDRESS_RETENTION_DAYS = 30
    settings.FEEDBACK_ADDRESS_MAX_DAYS = 730
    settings.FOLLOWER_NOTIFICATION_MINUTES = 60


@pytest.fixture
def decided(cast, dialogue):
    """At step 9 with the final decision recorded; the feedback written, not published."""
    dialogue = put_in_state(dialogue, State.DECISION, final_decision=True, by=cast.politician)
    dialog_services.update_resident_feedback(
        dialogue_id=dialogue.pk, user=cast.official, data=RESIDENT_FEEDBACK
    )
    return dialogue


def publish_feedback(dialogue, user, capture):
    with capture(execute=True):
        dialog_services.publish_resident_feedback(dialogue_id=dialogue.pk, user=user)


def publish_page(dialogue, capture):
    with capture(execute=True):
        publish(dialogue)


def run(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def unsubscribe_link(message) -> str:
    line = next(line for line in message.body.splitlines() if "/avsluta/" in line)
    return line.strip().removeprefix("https://delaktig.exempelby.se")


# -- The feedback e-mail -------------------------------------------------------------------------


def test_publishing_the_feedback_emails_every_address_once_in_swedish(
    cast, decided, django_capture_on_commit_callbacks
):
    publish_page(decided, django_capture_on_commit_callbacks)
    for email in ("anna@exempel.se", "bo@exempel.se"):
        subscribe_for_feedback(dialogue_id=decided.pk, email=email)
    assert mail.outbox == []  # nothing before the feedback is public

    publish_feedback(decided, cast.official, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == ["anna@exempel.se", "bo@exempel.se"]
    message = mail.outbox[0]
    assert decided.title in message.subject
    assert RESIDENT_FEEDBACK["what_we_decided"] in message.body
    page_url = "https://delaktig.exempelby.se" + public_reverse("detail", decided.pk, language="sv")
    assert page_url in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<https://delaktig.exempelby.se/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Swedish, whatever the sender's language: the msgid's Swedish or (before the catalogue's
    # merge) the English text; never another language.
    with translation.override("sv"):
        from django.utils.translation import gettext

        assert gettext("What was decided") in message.body
    assert all(s.sent_at is not None for s in FeedbackSubscription.objects.all())

    # Every run after that sends nothing twice.
    assert notifications.send_feedback_emails(decided.pk) == 0
    run("send_notifications")
    assert len(mail.outbox) == 2


def test_the_addresses_of_other_dialogues_get_nothing(
    cast, decided, django_capture_on_commit_callbacks
):
    other = make_dialogue(cast)
    subscribe_for_feedback(dialogue_id=other.pk, email="other@exempel.se")
    subscribe_for_feedback(dialogue_id=decided.pk, email="anna@exempel.se")
    publish_page(decided, django_capture_on_commit_callbacks)
    publish_feedback(decided, cast.official, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["anna@exempel.se"]]
    assert FeedbackSubscription.objects.get(email="other@exempel.se").sent_at is None


def test_feedback_published_while_the_page_is_not_is_sent_when_the_page_is(
    cast, decided, django_capture_on_commit_callbacks
):
    subscribe_for_feedback(dialogue_id=decided.pk, email="anna@exempel.se")
    publish_feedback(decided, cast.official, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # residents cannot read it yet

    publish_page(decided, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["anna@exempel.se"]]


def test_publishing_again_after_unpublishing_sends_nothing_twice(
    cast, decided, django_capture_on_commit_callbacks
):
    from participation import services

    subscribe_for_feedback(dialogue_id=decided.pk, email="anna@exempel.se")
    publish_page(decided, django_capture_on_commit_callbacks)
    publish_feedback(decided, cast.official, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(dialogue_id=decided.pk, user=cast.official)
        services.publish(dialogue_id=decided.pk, user=cast.official)

    assert len(mail.outbox) == 1


def test_an_address_left_after_the_feedback_went_out_gets_it(
    cast, decided, django_capture_on_commit_callbacks
):
    publish_page(decided, django_capture_on_commit_callbacks)
    publish_feedback(decided, cast.official, django_capture_on_commit_callbacks)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        subscribe_for_feedback(dialogue_id=decided.pk, email="sen@exempel.se")

    assert [m.to for m in mail.outbox] == [["sen@exempel.se"]]


def test_a_failed_email_stays_unsent_and_the_periodic_job_sends_it(
    cast, decided, django_capture_on_commit_callbacks, monkeypatch
):
    subscribe_for_feedback(dialogue_id=decided.pk, email="anna@exempel.se")
    publish_page(decided, django_capture_on_commit_callbacks)

    def fail(self, *args, **kwargs):
        raise OSError("SMTP down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", fail)
        publish_feedback(decided, cast.official, django_capture_on_commit_callbacks)
    assert FeedbackSubscription.objects.get().sent_at is None

    run("send_notifications")

    assert [m.to for m in mail.outbox] == [["anna@exempel.se"]]
    assert FeedbackSubscription.objects.get().sent_at is not None


def test_sending_to_many_addresses_takes_the_same_queries_as_to_few(
    cast, decided, django_capture_on_commit_callbacks
):
    from dialog.models import ResidentFeedback

    publish_page(decided, django_capture_on_commit_callbacks)
    ResidentFeedback.objects.filter(dialogue=decided).update(published_on=timezone.localdate())

    def queries_for(n: int, start: int) -> int:
        FeedbackSubscription.objects.bulk_create(
            FeedbackSubscription(dialogue=decided, email=f"boende{start + i}@exempel.se")
            for i in range(n)
        )
        with CaptureQueriesContext(connection) as queries:
            assert notifications.send_feedback_emails(decided.pk) == n
        return len(queries)

    few = queries_for(2, 0)
    many = queries_for(40, 100)
    assert many == few
    assert len(mail.outbox) == 42


# -- The unsubscribe link ------------------------------------------------------------------------


@pytest.fixture
def sent(cast, decided, django_capture_on_commit_callbacks):
    subscribe_for_feedback(dialogue_id=decided.pk, email="anna@exempel.se")
    subscribe_for_feedback(dialogue_id=decided.pk, email="bo@exempel.se")
    publish_page(decided, django_capture_on_commit_callbacks)
    publish_feedback(decided, cast.official, django_capture_on_commit_callbacks)
    return {m.to[0]: m for m in mail.outbox}


def test_the_unsubscribe_link_asks_then_deletes_the_address_at_once(client, sent):
    link = unsubscribe_link(sent["anna@exempel.se"])

    shown = client.get(link)
    assert shown.status_code == 200
    assert b'id="unsubscribe-button"' in shown.content
    assert shown["Cache-Control"] == "no-store"
    assert FeedbackSubscription.objects.filter(email="anna@exempel.se").exists()  # GET keeps

    done = client.post(link)  # no log-in, no CSRF token
    assert done.status_code == 200
    assert b'id="unsubscribe-done"' in done.content
    with translation.override("sv"):
        from django.utils.translation import gettext

        assert gettext("Your e-mail address has been deleted") in done.content.decode()
    assert list(FeedbackSubscription.objects.values_list("email", flat=True)) == ["bo@exempel.se"]


def test_an_already_used_link_says_the_address_is_gone(client, sent):
    link = unsubscribe_link(sent["anna@exempel.se"])
    client.post(link)

    again = client.get(link)
    assert again.status_code == 200
    with translation.override("sv"):
        from django.utils.translation import gettext

        assert gettext("Your e-mail address is already deleted") in again.content.decode()
    assert client.post(link).status_code == 200
    assert FeedbackSubscription.objects.count() == 1


def test_the_mail_programs_one_click_post_unsubscribes(client, sent):
    link = unsubscribe_link(sent["bo@exempel.se"])
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not FeedbackSubscription.objects.filter(email="bo@exempel.se").exists()


@pytest.mark.parametrize(
    "forge",
    [
        lambda signed: signed[:-1] + ("A" if signed[-1] != "A" else "B"),  # signature changed
        lambda signed: "0" + signed[1:],  # the token changed
        lambda signed: signing.TimestampSigner(salt="another.salt").sign(signed.split(":")[0]),
        lambda signed: signing.TimestampSigner().sign(signed.split(":")[0]),  # no salt
        lambda signed: "nonsense",
        lambda signed: signing.TimestampSigner(salt=subscriptions.UNSUBSCRIBE_SALT).sign("x"),
    ],
)
def test_a_forged_link_is_a_clear_400_and_deletes_nothing(client, sent, forge):
    link = unsubscribe_link(sent["anna@exempel.se"])
    signed = link.rstrip("/").rsplit("/", 1)[1]
    forged = public_reverse("unsubscribe", forge(signed), language="sv")

    for response in (client.get(forged), client.post(forged)):
        assert response.status_code == 400
        assert b'id="link-invalid"' in response.content
    assert FeedbackSubscription.objects.count() == 2


def test_an_expired_link_is_a_clear_400_and_deletes_nothing(client, sent, settings):
    link = unsubscribe_link(sent["anna@exempel.se"])
    settings.FEEDBACK_ADDRESS_MAX_DAYS = 10
    with time_machine.travel(timezone.now() + timedelta(days=11), tick=False):
        for response in (client.get(link), client.post(link)):
            assert response.status_code == 400
            assert b'id="link-expired"' in response.content
    assert FeedbackSubscription.objects.count() == 2


def test_the_english_address_of_the_link_works_too(client, sent):
    link = unsubscribe_link(sent["anna@exempel.se"])
    english = "/en" + link
    assert client.get(english)["Content-Language"] == "en"
    assert client.post(english).status_code == 200
    assert not FeedbackSubscription.objects.filter(email="anna@exempel.se").exists()


# -- Retention -----------------------------------------------------------------------------------


def test_an_address_is_deleted_the_retention_after_the_feedback_was_sent(
    cast, decided, django_capture_on_commit_callbacks
):
    subscribe_for_feedback(dialogue_id=decided.pk, email="anna@exempel.se")
    other = make_dialogue(cast)
    with time_machine.travel(NOW, tick=False):
        subscribe_for_feedback(dialogue_id=other.pk, email="vantar@exempel.se")
        publish_page(decided, django_capture_on_commit_callbacks)
        publish_feedback(decided, cast.official, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1

    with time_machine.travel(NOW + timedelta(days=29, hours=23), tick=False):
        run("delete_expired_addresses")
    assert FeedbackSubscription.objects.count() == 2

    with time_machine.travel(NOW + timedelta(days=30, minutes=1), tick=False):
        run("delete_expired_addresses")
    # The address that got its feedback is gone; the one still waiting for feedback is kept.
    assert list(FeedbackSubscription.objects.values_list("email", flat=True)) == [
        "vantar@exempel.se"
    ]


def test_an_address_that_never_got_feedback_is_deleted_after_the_maximum(dialogue):
    with time_machine.travel(NOW, tick=False):
        subscribe_for_feedback(dialogue_id=dialogue.pk, email="anna@exempel.se")

    with time_machine.travel(NOW + timedelta(days=729), tick=False):
        assert subscriptions.delete_expired_addresses() == 0
    with time_machine.travel(NOW + timedelta(days=730, minutes=1), tick=False):
        assert subscriptions.delete_expired_addresses() == 1
    assert not FeedbackSubscription.objects.exists()


def test_the_retention_is_a_setting(cast, decided, settings, django_capture_on_commit_callbacks):
    settings.FEEDBACK_ADDRESS_RETENTION_DAYS = 7
    subscribe_for_feedback(dialogue_id=decided.pk, email="anna@exempel.se")
    with time_machine.travel(NOW, tick=False):
        publish_page(decided, django_capture_on_commit_callbacks)
        publish_feedback(decided, cast.official, django_capture_on_commit_callbacks)
    assert "7" in mail.outbox[0].body
    with time_machine.travel(NOW + timedelta(days=7, minutes=1), tick=False):
        assert subscriptions.delete_expired_addresses() == 1


def test_the_privacy_notice_states_the_retention(client, settings):
    settings.FEEDBACK_ADDRESS_RETENTION_DAYS = 45
    settings.FEEDBACK_ADDRESS_MAX_DAYS = 500
    page = client.get(reverse("public:privacy")).content.decode()
    start = page.index('id="address-retention"')
    paragraph = page[start : page.index("</p>", start)]
    assert "45" in paragraph and "500" in paragraph


def test_the_scheduler_runs_the_jobs():
    from django.conf import settings as django_settings

    from dialog.management.commands.run_scheduler import build_scheduler

    ids = {job.id for job in build_scheduler().get_jobs()}
    assert {"delete_expired_addresses", "send_notifications"} <= ids
    assert "delete_expired_addresses" in django_settings.PERIODIC_JOBS


# -- Officials following a dialogue --------------------------------------------------------------


def view_arrives(dialogue, capture, submission_id=1):
    with capture(execute=True):
        online_view_received.send(sender=None, dialogue_id=dialogue.pk, submission_id=submission_id)


def test_the_responsible_official_follows_by_default_and_others_by_choice(
    cast, dialogue, django_capture_on_commit_callbacks
):
    notifications.follow(dialogue_id=dialogue.pk, user=cast.other_official)
    notifications.follow(dialogue_id=dialogue.pk, user=cast.other_official)  # idempotent

    view_arrives(dialogue, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.official.email, cast.other_official.email]
    )
    message = mail.outbox[0]
    assert dialogue.title in message.subject
    assert "https://delaktig.exempelby.se/" in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_flood_of_views_sends_one_email_per_follower_per_interval(
    cast, dialogue, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        for n in range(25):
            view_arrives(dialogue, django_capture_on_commit_callbacks, submission_id=n)
    assert [m.to for m in mail.outbox] == [[cast.official.email]]
    follow = DialogueFollow.objects.get(user=cast.official)
    assert follow.pending_since is not None  # the views after the first are not yet told

    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        view_arrives(dialogue, django_capture_on_commit_callbacks)
        run("send_notifications")
    assert len(mail.outbox) == 1

    # The next one, once the hour has passed: the periodic job tells of what waited.
    with time_machine.travel(NOW + timedelta(minutes=61), tick=False):
        run("send_notifications")
    assert len(mail.outbox) == 2
    with time_machine.travel(NOW + timedelta(minutes=200), tick=False):
        run("send_notifications")
    assert len(mail.outbox) == 2  # nothing new waited


def test_an_official_who_stops_following_gets_nothing(
    cast, dialogue, django_capture_on_commit_callbacks
):
    notifications.unfollow(dialogue_id=dialogue.pk, user=cast.official)
    view_arrives(dialogue, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not notifications.is_following(dialogue, cast.official)


def test_a_former_responsible_official_no_longer_follows_by_default(
    cast, dialogue, django_capture_on_commit_callbacks
):
    from dialog.models import Dialogue

    view_arrives(dialogue, django_capture_on_commit_callbacks)  # makes the default row
    Dialogue.objects.filter(pk=dialogue.pk).update(responsible_official=cast.other_official)
    dialogue.refresh_from_db()
    mail.outbox.clear()

    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        view_arrives(dialogue, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[cast.other_official.email]]
    assert not notifications.is_following(dialogue, cast.official)
    assert notifications.is_following(dialogue, cast.other_official)


# -- The follow button ---------------------------------------------------------------------------


def test_the_dialogue_page_loads_the_follow_button_from_participation(client, cast, dialogue):
    client.force_login(cast.official)
    page = client.get(dialogue.get_absolute_url()).content.decode()
    url = reverse("publishing:follow", args=[dialogue.pk])
    assert f'hx-get="{url}"' in page and f'href="{url}"' in page

    fragment = client.get(url, headers={"HX-Request": "true"})
    assert b'id="unfollow-button"' in fragment.content  # responsible: following by default
    assert b"<html" not in fragment.content


def test_following_and_stopping_from_the_page(client, cast, dialogue):
    url = reverse("publishing:follow", args=[dialogue.pk])
    client.force_login(cast.other_official)
    assert b'id="follow-button"' in client.get(url).content

    response = client.post(url, {"action": "follow"})
    assert response.status_code == 302 and response["Location"] == dialogue.get_absolute_url()
    assert notifications.is_following(dialogue, cast.other_official)
    assert b'id="unfollow-button"' in client.get(url).content

    client.post(url, {"action": "unfollow"})
    assert not notifications.is_following(dialogue, cast.other_official)


def test_following_refuses_bad_input_and_outsiders(client, cast, dialogue):
    url = reverse("publishing:follow", args=[dialogue.pk])
    client.force_login(cast.official)
    assert client.post(url, {"action": "explode"}).status_code == 400
    assert client.post(reverse("publishing:follow", args=[987654]), {}).status_code == 404
    client.force_login(cast.outsider)
    assert client.post(url, {"action": "follow"}).status_code == 403
    assert not DialogueFollow.objects.exists()
    client.logout()
    assert client.post(url, {"action": "follow"}).status_code == 302  # to the log-in


# -- Robustness ----------------------------------------------------------------------------------


def test_a_publication_rolled_back_sends_nothing(cast, decided, django_capture_on_commit_callbacks):
    from django.db import transaction

    subscribe_for_feedback(dialogue_id=decided.pk, email="anna@exempel.se")
    publish_page(decided, django_capture_on_commit_callbacks)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        dialog_services.publish_resident_feedback(dialogue_id=decided.pk, user=cast.official)
        raise RuntimeError("the page's request failed after the service")
    assert mail.outbox == []
    assert FeedbackSubscription.objects.get().sent_at is None


def test_a_failure_to_mark_followers_is_logged_not_raised(
    dialogue, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(notifications, "mark_views_waiting", broken)
    view_arrives(dialogue, django_capture_on_commit_callbacks)  # no exception to the resident
    assert "Could not mark the views" in caplog.text
    assert mail.outbox == []


on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL for real concurrent transactions (set DATABASE_URL)",
)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_side_by_side_send_each_address_once(monkeypatch):
    """The queue's task and the periodic job at the same moment: the rows one run holds are
    skipped by the other, and marked sent before they are let go."""
    import threading
    import time

    from dialog.models import ResidentFeedback
    from participation.models import PublicDialogue
    from tests.factories import Cast

    cast = Cast()
    dialogue = put_in_state(
        make_dialogue(cast), State.DECISION, final_decision=True, by=cast.politician
    )
    ResidentFeedback.objects.create(
        dialogue=dialogue, **RESIDENT_FEEDBACK, published_on=timezone.localdate()
    )
    PublicDialogue.objects.create(
        dialogue=dialogue, is_published=True, summary="x", cannot_influence="y"
    )
    FeedbackSubscription.objects.bulk_create(
        FeedbackSubscription(dialogue=dialogue, email=f"boende{i}@exempel.se") for i in range(6)
    )
    sent_to = []
    lock = threading.Lock()

    def slow_send(self, fail_silently=False):
        time.sleep(0.05)  # both runs are under way at once
        with lock:
            sent_to.extend(self.to)
        return 1

    monkeypatch.setattr("django.core.mail.EmailMessage.send", slow_send)
    start = threading.Barrier(2, timeout=20)
    counts = []

    def run_once():
        from django.db import connection as thread_connection

        try:
            start.wait()
            counts.append(notifications.send_feedback_emails(dialogue.pk))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(sent_to) == sorted(f"boende{i}@exempel.se" for i in range(6))
    assert sum(counts) == 6
    assert not FeedbackSubscription.objects.filter(sent_at__isnull=True).exists()

"""The residents' side's e-mails, sent through the task queue (participation/tasks.py).

1. The feedback to residents: when it becomes publicly visible (the feedback published in dialog
   AND the dialogue's public page published, in a state that may be shown: what the public page
   shows), every address left for the dialogue gets one e-mail in Swedish with the link to the
   public page and a signed unsubscribe link. `sent_at` is set per address in the transaction
   that sent it, so a re-run (the queue's retry, the periodic `send_notifications`) sends
   nothing twice.
   Triggers, each after its transaction commits: dialog's `resident_feedback_published` signal
   (dialog.services.decision_followup.publish_resident_feedback), participation.services.publish
   (the page published after the feedback was), and an address left after the feedback went out.
2. Officials following a dialogue: `participation.signals.online_view_received` marks each
   follower's row as having views waiting; each follower then gets at most one e-mail per dialogue
   per FOLLOWER_NOTIFICATION_MINUTES (a digest: what arrives in between is told by the next one,
   sent by the periodic `send_notifications` once the interval has passed). The responsible
   official follows by default.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from dialog.models import Dialogue, ResidentFeedback

from .models import PUBLISHABLE_STATES, DialogueFollow, FeedbackSubscription
from .subscriptions import unsubscribe_signature
from .templatetags.public_tags import public_reverse

logger = logging.getLogger(__name__)

# Addresses handled per transaction: the rows stay locked while their e-mails go out.
BATCH = 200


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- The feedback to residents -------------------------------------------------------------------


def public_feedback(dialogue_id: int) -> ResidentFeedback | None:
    """The dialogue's feedback to residents if the public page shows it now, else None."""
    return (
        ResidentFeedback.objects.filter(
            dialogue_id=dialogue_id,
            published_on__isnull=False,
            dialogue__public_page__is_published=True,
            dialogue__state__in=PUBLISHABLE_STATES,
        )
        .select_related("dialogue")
        .only("what_we_heard", "what_we_decided", "why", "published_on", "dialogue__title")
        .first()
    )


def unsent_due():
    """Addresses not yet sent the feedback, of dialogues whose feedback residents can read."""
    return FeedbackSubscription.objects.filter(
        sent_at__isnull=True,
        dialogue__resident_feedback__published_on__isnull=False,
        dialogue__public_page__is_published=True,
        dialogue__state__in=PUBLISHABLE_STATES,
    )


def feedback_may_be_public(*, dialogue_id: int) -> None:
    """Call where the feedback may have become visible: after the transaction commits, if there
    are addresses to send it to, the sending is queued."""
    transaction.on_commit(lambda: _queue_feedback(dialogue_id))


def _queue_feedback(dialogue_id: int) -> None:
    if not unsent_due().filter(dialogue_id=dialogue_id).exists():
        return
    from .tasks import send_feedback_emails_task

    try:
        send_feedback_emails_task.enqueue(dialogue_id)
    except Exception:  # the queue is down: the periodic send_notifications sends it later
        logger.exception("Could not queue the feedback e-mails of dialogue %s", dialogue_id)


def _feedback_message(feedback, subscription, *, page_url: str, connection) -> EmailMessage:
    unsubscribe_url = absolute(
        public_reverse("unsubscribe", unsubscribe_signature(subscription), language="sv")
    )
    context = {
        "dialogue": feedback.dialogue,
        "feedback": feedback,
        "page_url": page_url,
        "unsubscribe_url": unsubscribe_url,
        "privacy_url": absolute(public_reverse("privacy", language="sv")),
        "retention_days": settings.FEEDBACK_ADDRESS_RETENTION_DAYS,
        "municipality_name": settings.MUNICIPALITY_NAME,
        "contact_email": settings.PUBLIC_CONTACT_EMAIL,
    }
    return EmailMessage(
        subject=_one_line(render_to_string("participation/email/feedback_subject.txt", context)),
        body=render_to_string("participation/email/feedback.txt", context),
        to=[subscription.email],
        reply_to=[settings.PUBLIC_CONTACT_EMAIL],
        headers={
            # RFC 2369 and RFC 8058: the mail program's own "unsubscribe" button.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
        connection=connection,
    )


def send_feedback_emails(dialogue_id: int) -> int:
    """Send the feedback to every address of the dialogue not yet sent it, if residents can read
    it now; returns how many were sent. Safe to run again and side by side: each batch's rows
    are locked (skipped by another run) and marked sent in the transaction that sent them. An
    address whose e-mail fails stays unsent and is tried again by the next run."""
    with translation.override("sv"):
        feedback = public_feedback(dialogue_id)
        if feedback is None:
            return 0
        page_url = absolute(public_reverse("detail", dialogue_id, language="sv"))
        sent = 0
        with get_connection() as connection:
            while True:
                with transaction.atomic():
                    batch = list(
                        FeedbackSubscription.objects.select_for_update(skip_locked=True)
                        .filter(dialogue_id=dialogue_id, sent_at__isnull=True)
                        .only("pk", "email", "token")
                        .order_by("pk")[:BATCH]
                    )
                    if not batch:
                        break
                    done = []
                    for subscription in batch:
                        message = _feedback_message(
                            feedback, subscription, page_url=page_url, connection=connection
                        )
                        try:
                            message.send()
                        except Exception:
                            logger.exception(
                                "The feedback e-mail to subscription %s failed", subscription.pk
                            )
                            continue
                        done.append(subscription.pk)
                    FeedbackSubscription.objects.filter(pk__in=done).update(sent_at=timezone.now())
                sent += len(done)
                if len(done) < len(batch):
                    break  # a failure: the rest waits for the next run
    return sent


def send_all_due_feedback() -> int:
    """The periodic safety net: every dialogue with addresses due (a queue that was down, an
    e-mail that failed)."""
    dialogue_ids = sorted(set(unsent_due().values_list("dialogue_id", flat=True)))
    return sum(send_feedback_emails(dialogue_id) for dialogue_id in dialogue_ids)


def on_resident_feedback_published(sender, *, dialogue_id: int, **kwargs) -> None:
    """dialog's signal, sent after the feedback's publishing committed."""
    feedback_may_be_public(dialogue_id=dialogue_id)


# -- Officials following dialogues ---------------------------------------------------------------


def _counting(follows, dialogue_field="dialogue"):
    """Rows that count: an official's own choice, or the default of the one now responsible."""
    return follows.filter(
        Q(by_default=False) | Q(user_id=F(f"{dialogue_field}__responsible_official_id"))
    )


def is_following(dialogue: Dialogue, user) -> bool:
    row = DialogueFollow.objects.filter(dialogue=dialogue, user=user).only("following").first()
    if row is None:
        return user.pk == dialogue.responsible_official_id
    return row.following and (not row.by_default or user.pk == dialogue.responsible_official_id)


def _choose(dialogue_id: int, user, following: bool) -> None:
    with transaction.atomic():
        Dialogue.objects.select_for_update().only("pk").get(pk=dialogue_id)
        DialogueFollow.objects.update_or_create(
            dialogue_id=dialogue_id,
            user=user,
            defaults={"following": following, "by_default": False},
        )


def follow(*, dialogue_id: int, user) -> None:
    """The official gets e-mails when views given online wait for moderation. Idempotent."""
    _choose(dialogue_id, user, True)


def unfollow(*, dialogue_id: int, user) -> None:
    """No more of those e-mails, also for the responsible official (who follows by default)."""
    _choose(dialogue_id, user, False)


def mark_views_waiting(*, dialogue_id: int) -> None:
    """A view arrived: every follower's row says views are waiting (since when, if it did not
    already); the responsible official's row is made if they never chose."""
    now = timezone.now()
    with transaction.atomic():
        dialogue = (
            Dialogue.objects.select_for_update()
            .only("pk", "responsible_official_id")
            .get(pk=dialogue_id)
        )
        if dialogue.responsible_official_id:
            try:
                with transaction.atomic():
                    DialogueFollow.objects.get_or_create(
                        dialogue_id=dialogue_id,
                        user_id=dialogue.responsible_official_id,
                        defaults={"by_default": True},
                    )
            except IntegrityError:
                pass
        DialogueFollow.objects.filter(
            dialogue_id=dialogue_id, following=True, pending_since__isnull=True
        ).update(pending_since=now)


def on_online_view_received(sender, *, dialogue_id: int, submission_id=None, **kwargs) -> None:
    """participation.signals.online_view_received, sent after the view was stored. A failure
    here is logged, never the resident's error: their view is stored already."""
    try:
        mark_views_waiting(dialogue_id=dialogue_id)
    except Exception:
        logger.exception("Could not mark the views of dialogue %s as waiting", dialogue_id)
        return
    transaction.on_commit(lambda: _queue_followers(dialogue_id))


def _queue_followers(dialogue_id: int) -> None:
    if not due_follows().filter(dialogue_id=dialogue_id).exists():
        return  # everyone was told within the interval: the periodic job tells them later
    from .tasks import send_follower_emails_task

    try:
        send_follower_emails_task.enqueue(dialogue_id)
    except Exception:
        logger.exception("Could not queue the followers' e-mails of dialogue %s", dialogue_id)


def _moderation_path(dialogue) -> str:
    """The online views' moderation page (participation's online part), else the dialogue's."""
    try:
        return reverse("publishing:online_moderation", args=[dialogue.pk])
    except NoReverseMatch:
        return dialogue.get_absolute_url()


def due_follows(now=None):
    """Follows with views waiting whose official was not told within the interval."""
    now = now or timezone.now()
    last_allowed = now - timedelta(minutes=settings.FOLLOWER_NOTIFICATION_MINUTES)
    return _counting(
        DialogueFollow.objects.filter(
            following=True, pending_since__isnull=False, user__is_active=True
        )
        .exclude(user__email="")
        .filter(Q(last_notified_at__isnull=True) | Q(last_notified_at__lte=last_allowed))
    )


def send_follower_emails(dialogue_id: int | None = None) -> int:
    """One e-mail per follow that is due (of one dialogue, or all); returns how many."""
    now = timezone.now()
    follows = due_follows(now)
    if dialogue_id is not None:
        follows = follows.filter(dialogue_id=dialogue_id)
    sent = 0
    with (
        translation.override(settings.LANGUAGE_CODE),
        get_connection() as connection,
        transaction.atomic(),
    ):
        rows = list(
            follows.select_for_update(skip_locked=True, of=("self",))
            .select_related("user", "dialogue")
            .only(
                "pk",
                "pending_since",
                "user__email",
                "user__first_name",
                "user__last_name",
                "dialogue__title",
            )
            .order_by("pk")
        )
        done = []
        for row in rows:
            context = {
                "dialogue": row.dialogue,
                "since": timezone.localtime(row.pending_since),
                "dialogue_url": absolute(_moderation_path(row.dialogue)),
                "follow_url": absolute(reverse("publishing:follow", args=[row.dialogue_id])),
                "interval_minutes": settings.FOLLOWER_NOTIFICATION_MINUTES,
                "municipality_name": settings.MUNICIPALITY_NAME,
            }
            message = EmailMessage(
                subject=_one_line(
                    render_to_string("participation/email/views_waiting_subject.txt", context)
                ),
                body=render_to_string("participation/email/views_waiting.txt", context),
                to=[row.user.email],
                headers={"Auto-Submitted": "auto-generated"},
                connection=connection,
            )
            try:
                message.send()
            except Exception:
                logger.exception("The follower e-mail of follow %s failed", row.pk)
                continue
            done.append(row.pk)
        DialogueFollow.objects.filter(pk__in=done).update(last_notified_at=now, pending_since=None)
        sent = len(done)
    return sent

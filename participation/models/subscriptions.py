"""Addresses residents leave to get the feedback, and officials following dialogues.

A resident's address is kept apart from anything they answered: no link to a submission, no
history table (simple-history would keep the address after it is deleted), and it is deleted
once the feedback has been sent plus FEEDBACK_ADDRESS_RETENTION_DAYS (or, for a dialogue that
never gets its feedback, after FEEDBACK_ADDRESS_MAX_DAYS)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialog.models import Dialogue

__all__ = ["FeedbackSubscription", "DialogueFollow"]


class FeedbackSubscription(models.Model):
    """One address that wants the feedback of one dialogue (GDPR art. 6.1 e)."""

    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("dialogue"),
        on_delete=models.CASCADE,
        related_name="feedback_subscriptions",
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    # What the signed unsubscribe link carries: never the address itself (URLs end up in logs).
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("left at"), default=timezone.now, editable=False)
    # When the feedback e-mail went to this address; set once, so a re-run sends nothing twice.
    sent_at = models.DateTimeField(_("feedback sent at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("address for the feedback")
        verbose_name_plural = _("addresses for the feedback")
        constraints = [
            # One subscription per dialogue and address, whatever the case of the letters.
            models.UniqueConstraint(
                "dialogue", Lower("email"), name="one_feedback_subscription_per_address"
            )
        ]
        indexes = [models.Index(fields=["sent_at"], name="feedback_sub_sent_at")]

    def __str__(self) -> str:
        return f"{self.dialogue_id}: {self.email}"


class DialogueFollow(models.Model):
    """An official's choice to follow a dialogue (or, for its responsible official, who follows
    without a row, not to): e-mails when views given online wait for moderation."""

    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialogue"), on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="dialogue_follows",
    )
    # False: the official chose not to follow (the responsible official follows by default).
    following = models.BooleanField(_("following"), default=True)
    # Made for the responsible official, who follows without asking: it counts only while they
    # are still responsible. A choice made on the page (follow, stop) clears it.
    by_default = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("since"), default=timezone.now, editable=False)
    # The digest: views waiting since this moment and not yet told; at most one e-mail per
    # FOLLOWER_NOTIFICATION_INTERVAL_MINUTES.
    pending_since = models.DateTimeField(null=True, blank=True, editable=False)
    last_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("follower of a dialogue")
        verbose_name_plural = _("followers of dialogues")
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "user"], name="one_follow_per_user")
        ]
        indexes = [models.Index(fields=["pending_since"], name="follow_pending_since")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.dialogue_id}"

"""Reach and evaluation along the way (issue 16).

The mandate's target groups are the yardstick of reach [HAG][HAN]: at each held activity the
official records how many came from each target group (`ActivityReach`), and writes a short
evaluation of the activity (`ActivityEvaluation`): what worked, who came, what to change [HAG].
Whether the evaluation is required follows the policy profile
(`PolicyProfile.activity_evaluation_required`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .initiative_mandate import TargetGroup
from .planning import Activity


class ActivityReach(models.Model):
    """How many participants of one target group came to one activity (a count, never names)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="reach"
    )
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.PROTECT,
        related_name="reach",
    )
    participants = models.PositiveIntegerField(_("participants"))
    # The version the reach form carries (the latest of an activity's rows): a save in between
    # is refused, never overwritten.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "target_group"]
        verbose_name = _("reach of a target group")
        verbose_name_plural = _("reach of target groups")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "target_group"], name="activity_reach_once_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.target_group} ({self.participants})"


class ActivityEvaluation(models.Model):
    """The short evaluation of one held activity [HAG]."""

    activity = models.OneToOneField(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="evaluation",
    )
    what_worked = models.TextField(_("what worked"))
    who_came = models.TextField(_("who came"), blank=True)
    what_to_change = models.TextField(_("what to change"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activity_evaluations",
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity"]
        verbose_name = _("activity evaluation")
        verbose_name_plural = _("activity evaluations")

    def __str__(self) -> str:
        return str(self.activity)

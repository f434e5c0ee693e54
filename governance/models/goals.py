"""The municipality's goals (mål) from its steering model (mål och budget) [SAN][HAG].

A small register: each goal has its period and its owner body. Dialogues and steering documents
link to goals, so that the follow-up can group the dialogue work by goal.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roles.models import Body


class Goal(models.Model):
    code = models.CharField(
        _("code"),
        max_length=20,
        blank=True,
        help_text=_("The goal's number in the plan, e.g. 2.1."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_body = models.ForeignKey(
        Body, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="goals"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(
        _("period until"), null=True, blank=True, help_text=_("Empty = until further notice.")
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the goal was adopted, e.g. Mål och budget 2026–2028, KF § 112."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["owner_body__name", "code", "title"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="goal_period_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

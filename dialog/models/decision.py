"""A decision taken at a decision point, and how it was taken (the kinds kommunallagen knows)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roles.models import Body

from .dialogue import Dialogue
from .states import DecisionPoint


class Decision(models.Model):
    """A decision taken at a decision point, approved in the app or registered from minutes."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for revision")

    class Source(models.TextChoices):
        APPROVAL = "approval", _("Approved in Delaktig by a politician of the body")
        MINUTES = "minutes", _("Registered from the meeting minutes by the clerk")
        STANCE = "stance", _("The politicians' stance, recorded by the responsible official")
        PRESENTATION = "presentation", _("Presented to the presidium")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="decisions")
    point = models.CharField(_("decision point"), max_length=20, choices=DecisionPoint.choices)
    body = models.ForeignKey(
        Body, verbose_name=_("deciding body"), on_delete=models.PROTECT, related_name="decisions"
    )
    decided_on = models.DateField(_("decision date"))
    paragraph = models.CharField(
        _("paragraph (§)"),
        max_length=20,
        blank=True,
        help_text=_("The paragraph in the minutes, e.g. 113 for § 113."),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    text = models.TextField(_("decision text"))
    source = models.CharField(_("recorded as"), max_length=20, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "recorded_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            # A decision point is approved or rejected once: a second approval, or an approval
            # beside a rejection, is a conflict, not a record. Returns for revision may repeat.
            models.UniqueConstraint(
                fields=["dialogue", "point"],
                condition=Q(outcome__in=["approved", "rejected"]),
                name="decision_one_approval_per_point",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body.code} {self.decided_on:%Y-%m-%d} {self.paragraph_display}".strip()

    @property
    def paragraph_display(self) -> str:
        return f"§ {self.paragraph}" if self.paragraph else ""

    def clean(self):
        if self.decided_on and self.decided_on > timezone.localdate():
            raise ValidationError({"decided_on": _("A decision date cannot be in the future.")})
        if self.source == self.Source.MINUTES and not self.paragraph:
            raise ValidationError(
                {"paragraph": _("A decision registered from the minutes needs its paragraph (§).")}
            )

"""Step 7, the feedback to the politicians: the presentation, and the off-topic input routed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roles.models import Body

from .dialogue import Dialogue
from .execution import InputItem
from .withdrawal import Withdrawable


class ResultsPresentation(models.Model):
    dialogue = models.OneToOneField(
        Dialogue, on_delete=models.PROTECT, related_name="results_presentation"
    )
    presented_on = models.DateField(_("presented on"), null=True, blank=True)
    body = models.ForeignKey(
        Body,
        verbose_name=_("presented to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("results presentation")
        verbose_name_plural = _("results presentations")

    def __str__(self) -> str:
        return str(self.dialogue)


class Forwarding(Withdrawable):
    """Off-topic input routed as the mandate said, each forwarding recorded [SAN][HAG]."""

    class Target(models.TextChoices):
        BODY = "body", _("Another body")
        COMPLAINTS = "complaints", _("Complaints handling")
        # Neither forwarded: answered or dealt with otherwise, as the note says.
        HANDLED = "handled", _("Handled without forwarding")

    input_item = models.ForeignKey(
        InputItem, verbose_name=_("input"), on_delete=models.PROTECT, related_name="forwardings"
    )
    forwarded_to = models.CharField(_("forwarded to"), max_length=20, choices=Target.choices)
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    forwarded_on = models.DateField(_("forwarded on"), default=timezone.localdate)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["forwarded_on", "pk"]
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")
        constraints = [
            # `clean` says it first, by the field; this holds for every writer.
            models.CheckConstraint(
                condition=~Q(forwarded_to="body") | Q(body__isnull=False),
                name="forwarding_to_a_body_names_it",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_forwarded_to_display()} {self.forwarded_on:%Y-%m-%d}"

    def clean(self):
        if self.forwarded_to == self.Target.BODY and not self.body_id:
            raise ValidationError({"body": _("Choose the body the input is forwarded to.")})
        if self.forwarded_to == self.Target.HANDLED and not self.note.strip():
            raise ValidationError({"note": _("Say how the input was handled.")})

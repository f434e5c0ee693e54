"""Step 8, the processing: the proposal for decision in numbered points, with its consequences."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .dialogue import Dialogue
from .withdrawal import LIVE, Withdrawable


class Proposal(models.Model):
    """The proposal for decision (förslag till beslut) and its consequences."""

    dialogue = models.OneToOneField(Dialogue, on_delete=models.PROTECT, related_name="proposal")
    dialogue_influence = models.TextField(_("how the dialogue changed the proposal"), blank=True)
    economy = models.TextField(_("economic consequences"), blank=True)
    children_rights = models.TextField(_("consequences for children's rights"), blank=True)
    children_heard = models.BooleanField(_("have children been heard?"), null=True, blank=True)
    children_heard_comment = models.TextField(_("comment on hearing children"), blank=True)
    equality = models.TextField(_("consequences for equality"), blank=True)
    environment = models.TextField(_("environmental consequences"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal for decision")
        verbose_name_plural = _("proposals for decision")

    def __str__(self) -> str:
        return str(self.dialogue)


class ProposalPoint(Withdrawable):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number", "pk"]
        verbose_name = _("proposal point")
        verbose_name_plural = _("proposal points")
        constraints = [
            # Among the points in force: a withdrawn point keeps the number it had.
            models.UniqueConstraint(
                fields=["proposal", "number"], condition=LIVE, name="proposal_point_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"

"""Step 9 after the decision: the action plan, the feedback to residents and the evaluation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.people import person_label

from .dialogue import Dialogue
from .withdrawal import Withdrawable


class ActionItem(Withdrawable):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="action_items")
    action = models.TextField(_("action"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_text = models.CharField(
        _("responsible (other)"),
        max_length=200,
        blank=True,
        help_text=_("A unit or person without an account."),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("action plan")

    def __str__(self) -> str:
        return self.action[:60]

    @property
    def responsible_display(self) -> str:
        if self.responsible_id:
            return person_label(self.responsible)
        return self.responsible_text


class ResidentFeedback(models.Model):
    """What residents are told: what we heard, what we decided, why [HAN][FOR][HAG]."""

    dialogue = models.OneToOneField(
        Dialogue, on_delete=models.PROTECT, related_name="resident_feedback"
    )
    what_we_heard = models.TextField(_("what we heard"), blank=True)
    what_we_decided = models.TextField(_("what we decided"), blank=True)
    why = models.TextField(_("why"), blank=True)
    channels = models.TextField(_("channels"), blank=True)
    # A plain date, not a state of the machine: set once, by `services.publish_resident_feedback`
    # only (not editable, so no form or record update can set it).
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Empty while not published."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback to residents")
        verbose_name_plural = _("feedback to residents")

    def __str__(self) -> str:
        return str(self.dialogue)

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class Evaluation(models.Model):
    """The dialogue evaluated against its mandate [SAN][SOL]."""

    class PurposeMet(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    dialogue = models.OneToOneField(Dialogue, on_delete=models.PROTECT, related_name="evaluation")
    purpose_met = models.CharField(
        _("was the purpose met?"), max_length=10, choices=PurposeMet.choices, blank=True
    )
    purpose_comment = models.TextField(_("comment on the purpose"), blank=True)
    methods_comment = models.TextField(_("methods"), blank=True)
    reach_comment = models.TextField(
        _("reach and representativeness"),
        blank=True,
        help_text=_("Who took part, by age, gender and area, and who was not reached."),
    )
    accessibility_comment = models.TextField(_("accessibility"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    # A plain date, not a state of the machine: set once, by `services.mark_evaluation_done`
    # only (not editable, so no form or record update can set it).
    done_on = models.DateField(
        _("evaluation done on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Empty while not done."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return str(self.dialogue)

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

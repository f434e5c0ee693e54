"""Step 6, the compilation: themes the input is tagged to, and the summary."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .dialogue import Dialogue
from .withdrawal import LIVE, Withdrawable


class Theme(Withdrawable):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="themes")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            # Among the themes in force: a withdrawn theme's name may be used again.
            models.UniqueConstraint(
                fields=["dialogue", "name"], condition=LIVE, name="theme_unique_per_dialogue"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CompilationSummary(models.Model):
    dialogue = models.OneToOneField(
        Dialogue, on_delete=models.PROTECT, related_name="compilation_summary"
    )
    summary = models.TextField(_("summary"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compilation summary")
        verbose_name_plural = _("compilation summaries")

    def __str__(self) -> str:
        return str(self.dialogue)

"""A dialogue's answers to its policy profile's checklists (issue 16: Solna's bilaga 1) [SOL].

Each item of the profile's checklists (governance.ChecklistItem) is ticked or answered in
words once per dialogue, at the step where the checklist is used, by those who may edit that
step's content; who answered and when is kept, and every change is in the history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import ChecklistItem

from .dialogue import Dialogue


class ChecklistAnswer(models.Model):
    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("dialogue"),
        on_delete=models.CASCADE,
        related_name="checklist_answers",
    )
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("checklist item"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    ticked = models.BooleanField(_("done"), default=False)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="checklist_answers",
    )
    answered_at = models.DateTimeField(_("answered"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["dialogue", "item__checklist__position", "item__position", "pk"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "item"], name="checklist_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.answer or ('✓' if self.ticked else '–')}"

    @property
    def is_answered(self) -> bool:
        return self.ticked or bool(self.answer.strip())

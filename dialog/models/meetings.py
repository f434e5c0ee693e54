"""A decision point on a meeting's agenda (föredragningslista)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from roles.models import Meeting

from .dialogue import Dialogue
from .states import DecisionPoint

__all__ = ["AgendaItem"]


class AgendaItem(models.Model):
    """A dialogue's waiting decision point, put on a meeting's agenda by the secretary."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialogue"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    point = models.CharField(_("decision point"), max_length=20, choices=DecisionPoint.choices)
    number = models.PositiveIntegerField(_("number on the agenda"))

    class Meta:
        ordering = ["meeting", "number", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            # A point goes on a meeting's agenda once; a tabled one goes on a later meeting's.
            models.UniqueConstraint(
                fields=["meeting", "dialogue", "point"], name="agenda_point_once_per_meeting"
            ),
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.number}. {self.dialogue}"

"""A body's meetings (sammanträden) and who attended them (kommunallagen 6 kap 19-30 §§)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .bodies import Body

__all__ = ["Attendance", "Meeting"]


class Meeting(models.Model):
    """A meeting of a body, where it decides the points on its agenda. The minutes are checked
    (justering) and the justering is posted (anslag); the appeal period runs from the anslag."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField(_("meeting date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    adjusted_on = models.DateField(
        _("minutes checked on (justering)"),
        null=True,
        blank=True,
        help_text=_("The day the minutes were checked and signed (justering)."),
    )
    posted_on = models.DateField(
        _("justering posted on (anslag)"),
        null=True,
        blank=True,
        help_text=_("The day the justering was posted; the appeal period runs from it."),
    )
    vice_chair_presided = models.BooleanField(_("the vice chair acted as chair"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.body.name} {self.held_on:%Y-%m-%d}"

    @property
    def appeal_ends_on(self):
        """The last day to appeal its decisions (laglighetsprövning, kommunallagen 13 kap 5 §):
        three weeks from the day the justering was posted (anslag)."""
        return self.posted_on + timedelta(weeks=3) if self.posted_on else None

    @property
    def stands_on(self):
        """The day its decisions stand (vinner laga kraft) unless appealed."""
        ends = self.appeal_ends_on
        return ends + timedelta(days=1) if ends else None

    def clean(self):
        errors = {}
        if self.adjusted_on and self.held_on and self.adjusted_on < self.held_on:
            errors["adjusted_on"] = _(
                "The minutes cannot be checked (justering) before the meeting was held."
            )
        if self.posted_on and not self.adjusted_on:
            errors["posted_on"] = _("The justering is posted after the minutes are checked.")
        elif self.posted_on and self.adjusted_on and self.posted_on < self.adjusted_on:
            errors["posted_on"] = _(
                "The justering cannot be posted (anslag) before the minutes were checked."
            )
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """One person at one meeting: a member present or absent, or a substitute (ersättare)
    serving in a member's place (tjänstgörande ersättare)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    present = models.BooleanField(_("present"), default=True)
    serving_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("serving for"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The member in whose place a substitute serves."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="attendance_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.person}"

"""Absences noted for a body's chair (the vice chair then acts, e.g. for an urgent decision under
kommunallagen 6 kap 39 §). Noted by the body's secretary, for a period."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .bodies import Body

__all__ = ["ChairAbsence", "ChairAbsenceQuerySet"]


class ChairAbsenceQuerySet(models.QuerySet):
    def on(self, day=None):
        """The absences that cover `day` (today by default)."""
        day = day or timezone.localdate()
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class ChairAbsence(models.Model):
    """The chair of `body` cannot act (förfall) from `starts_on` to `ends_on` (open: until the
    secretary notes the return)."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="chair_absences"
    )
    starts_on = models.DateField(_("absent from"))
    ends_on = models.DateField(
        _("absent until"), null=True, blank=True, help_text=_("Empty = until further notice.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    noted_at = models.DateTimeField(_("noted at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ChairAbsenceQuerySet.as_manager()

    class Meta:
        ordering = ["body", "-starts_on", "pk"]
        verbose_name = _("absence of the chair")
        verbose_name_plural = _("absences of the chair")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="chairabsence_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        end = self.ends_on.isoformat() if self.ends_on else "…"
        return f"{self.body.code} {self.starts_on.isoformat()}–{end}"

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The absence cannot end before it starts.")
        if self.body_id and not self.body.is_political:
            errors["body"] = _("Only a political body has a chair.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def chair_absent(cls, body, day=None) -> bool:
        return body is not None and cls.objects.filter(body=body).on(day).exists()

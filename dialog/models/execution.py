"""Step 5, the execution: the collected input, its imports and its anonymous demographics."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .dialogue import Dialogue
from .planning import Activity
from .withdrawal import Withdrawable


class ImportBatch(models.Model):
    """One survey import: all its rows or none [HAN]."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="import_batches")
    file_name = models.CharField(_("file name"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.row_count})"


class AgeBand(models.TextChoices):
    UNDER_13 = "0-12", _("0–12 years")
    TEENS = "13-17", _("13–17 years")
    YOUNG_ADULTS = "18-24", _("18–24 years")
    ADULTS = "25-44", _("25–44 years")
    MIDDLE_AGED = "45-64", _("45–64 years")
    OLDER = "65-79", _("65–79 years")
    OLDEST = "80+", _("80 years or older")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")
    NOT_STATED = "not_stated", _("Prefer not to say")


class InputItem(Withdrawable):
    """One view collected in the dialogue, with optional anonymous demographics [HAN]."""

    class Source(models.TextChoices):
        ACTIVITY = "activity", _("Activity")
        WEB_FORM = "web_form", _("Web form")
        SURVEY = "survey", _("Survey import")
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("E-mail")
        MEETING = "meeting", _("Meeting")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="inputs")
    text = models.TextField(_("text"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inputs",
    )
    received_on = models.DateField(_("date received"))
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    area = models.CharField(_("area"), max_length=120, blank=True)
    within_purpose = models.BooleanField(
        _("within the dialogue's purpose"),
        default=True,
        help_text=_("Untick for off-topic input, handled as the mandate says."),
    )
    import_batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inputs",
    )
    themes = models.ManyToManyField(
        "Theme", verbose_name=_("themes"), blank=True, related_name="inputs"
    )
    # Empty for a view a resident gave online: accepted by an official, written by nobody on staff.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("input")
        verbose_name_plural = _("inputs")

    def __str__(self) -> str:
        return self.text[:60]

    def clean(self):
        if self.activity_id and self.activity.dialogue_id != self.dialogue_id:
            raise ValidationError({"activity": _("The activity belongs to another dialogue.")})

"""Step 3, the plan: the method catalogue, the activities, the communication plan and the
planned decision points [SAN][SOL][HAN][HAG]."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roles.models import Body

from .. import dates as process_dates
from .dialogue import Dialogue
from .states import DecisionPoint, ParticipationLevel
from .withdrawal import LIVE, Withdrawable


class Method(models.Model):
    """The method catalogue, in the spirit of SKR's Dialogguiden; editable in admin."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    participation_levels = models.JSONField(
        _("suitable participation levels"),
        default=list,
        blank=True,
        help_text=_("The rungs of the participation ladder the method suits."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("method")
        verbose_name_plural = _("methods")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        valid = set(ParticipationLevel.values)
        if (
            not isinstance(self.participation_levels, list)
            or not set(self.participation_levels) <= valid
        ):
            raise ValidationError(
                {"participation_levels": _("Choose participation levels from the ladder.")}
            )

    def suits(self, level: str) -> bool:
        """True when the method suits the level, or when either says nothing."""
        return not level or not self.participation_levels or level in self.participation_levels

    def levels_display(self) -> list[str]:
        labels = dict(ParticipationLevel.choices)
        return [str(labels.get(v, v)) for v in self.participation_levels]


class Activity(Withdrawable):
    """An event or channel of the dialogue: what, when, where, for whom, who is there [SAN][SOL]."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="activities")
    method = models.ForeignKey(
        Method,
        verbose_name=_("method"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True, help_text=_("For a digital activity."))
    target_groups = models.TextField(
        _("target groups"), blank=True, help_text=_("Who the activity is meant to reach, and how.")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogue_activities",
    )
    politicians = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participating politicians"),
        blank=True,
        related_name="dialogue_activities_attended",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    cancel_reason = models.TextField(
        _("reason for cancelling the activity"),
        blank=True,
        help_text=_("Needed when the activity is cancelled."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The version the item forms carry: a save in between is refused, never overwritten.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[politicians])

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            # `clean` says it first, by the field; this holds for every writer.
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gte=F("starts_at")),
                name="activity_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An activity cannot end before it starts.")})
        problems = process_dates.activity_problems(self)
        if problems:
            raise ValidationError(problems)

    @property
    def is_scheduled(self) -> bool:
        """Has a date and a place or a link: residents can find it."""
        return bool(self.starts_at and (self.place.strip() or self.link.strip()))

    @property
    def method_warning(self) -> str:
        """A warning (not a refusal) when the method does not suit the dialogue's level."""
        level = self.dialogue.participation_level
        if self.method_id and not self.method.suits(level):
            return str(
                _(
                    "The method %(method)s does not suit the participation level %(level)s "
                    "(it suits: %(levels)s)."
                )
                % {
                    "method": self.method.name,
                    "level": self.dialogue.get_participation_level_display(),
                    "levels": ", ".join(self.method.levels_display()),
                }
            )
        return ""

    @property
    def is_overdue(self) -> bool:
        """Still planned although its start has passed."""
        planned = self.status == self.Status.PLANNED
        return bool(planned and self.starts_at and self.starts_at < timezone.now())


class CommunicationItem(Withdrawable):
    """A line of the communication plan: channel, message, date, audience [SAN][SOL]."""

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.PROTECT, related_name="communication_items"
    )
    channel = models.CharField(_("channel"), max_length=120)
    message = models.TextField(_("message"))
    date = models.DateField(_("date"), null=True, blank=True)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    tells_feedback = models.BooleanField(
        _("tells how the result will be fed back"),
        default=False,
        help_text=_("This item tells participants how and when they will hear about the result."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("communication plan item")
        verbose_name_plural = _("communication plan")

    def __str__(self) -> str:
        return f"{self.channel}: {self.message[:40]}"


class PlannedDecisionPoint(Withdrawable):
    """A later decision point with its planned date and deciding body [SAN]."""

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.PROTECT, related_name="planned_decision_points"
    )
    point = models.CharField(
        _("decision point"), max_length=20, choices=DecisionPoint.choices, blank=True
    )
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("For another decision point.")
    )
    planned_on = models.DateField(_("planned date"))
    body = models.ForeignKey(
        Body,
        verbose_name=_("deciding body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("planned decision point")
        verbose_name_plural = _("planned decision points")
        constraints = [
            # Each decision point is planned once (the service says so first, by the field);
            # decision points of another kind (a label, no point) may repeat.
            models.UniqueConstraint(
                fields=["dialogue", "point"],
                condition=~Q(point="") & LIVE,
                name="planned_decision_point_once_per_dialogue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name} {self.planned_on:%Y-%m-%d}"

    @property
    def display_name(self) -> str:
        return self.label or (self.get_point_display() if self.point else "")

    def clean(self):
        if not self.point and not self.label.strip():
            raise ValidationError({"label": _("Choose a decision point or give a label.")})

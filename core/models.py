"""Records management shared by every app (issue 15): the retention rules of the information
management plan, the gallring log, and the log of register extracts and erasures.

The kinds of personal data are not models here: each app registers them in core.retention."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .retention import kind_choices, kind_label, retention_kind

SHORTER_THAN_PLAN = _(
    "The retention period cannot be shorter than the minimum the information management plan "
    "sets (%(days)s days)."
)
SHORTER_THAN_LAW = _(
    "The minimum cannot be shorter than the law and the plan allow for this kind of data "
    "(%(days)s days)."
)


class RetentionRule(models.Model):
    """How long one kind of personal data is kept, under the information management plan
    (informationshanteringsplan) and the gallring decision that allows thinning it out."""

    kind = models.CharField(_("kind of data"), max_length=80, choices=kind_choices)
    retention_days = models.PositiveIntegerField(
        _("retention period (days)"),
        help_text=_("Counted from when the kind's period starts (see the kind)."),
    )
    minimum_days = models.PositiveIntegerField(
        _("the plan's minimum (days)"),
        help_text=_("The shortest period the information management plan allows."),
    )
    plan_reference = models.CharField(
        _("information management plan"),
        max_length=200,
        help_text=_("The plan and its item, e.g. “Informationshanteringsplan KS 2025, 4.2.1”."),
    )
    decision_body = models.CharField(_("gallring decided by"), max_length=120)
    decision_date = models.DateField(_("date of the gallring decision"))
    decision_paragraph = models.CharField(_("§"), max_length=20, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only one active rule per kind of data.")
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-active", "-decision_date", "pk"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(retention_days__gte=F("minimum_days")),
                name="retention_not_shorter_than_plan_minimum",
                violation_error_message=_(
                    "The retention period cannot be shorter than the plan's minimum."
                ),
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(active=True),
                name="one_active_retention_rule_per_kind",
                violation_error_message=_("Another rule for this kind of data is active."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.retention_days} d ({self.decision})"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def decision(self) -> str:
        """The gallring decision as the log cites it: body, date and §."""
        text = f"{self.decision_body} {self.decision_date:%Y-%m-%d}"
        return f"{text} § {self.decision_paragraph}" if self.decision_paragraph else text

    def clean(self):
        super().clean()
        errors = {}
        kind = retention_kind(self.kind) if self.kind else None
        if self.kind and kind is None:
            errors["kind"] = _("No app stores this kind of data.")
        if (
            kind is not None
            and self.minimum_days is not None
            and self.minimum_days < kind.minimum_days
        ):
            errors["minimum_days"] = SHORTER_THAN_LAW % {"days": kind.minimum_days}
        if self.retention_days is not None and self.minimum_days is not None:
            floor = max(self.minimum_days, kind.minimum_days if kind else 0)
            if self.retention_days < floor:
                errors["retention_days"] = SHORTER_THAN_PLAN % {"days": floor}
        if errors:
            raise ValidationError(errors)


class GallringLog(models.Model):
    """One kind's gallring in one run: how much, under which rule and decision, when, by whom,
    and whether it was only a dry run. Never changed or deleted."""

    kind = models.CharField(_("kind of data"), max_length=80)
    rule = models.ForeignKey(
        RetentionRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="log_entries",
    )
    # What the rule said at the time (a rule may be changed later).
    retention_days = models.PositiveIntegerField(_("retention period (days)"))
    plan_reference = models.CharField(_("information management plan"), max_length=200)
    decision = models.CharField(_("gallring decision"), max_length=200)
    action = models.CharField(_("action"), max_length=20)
    count = models.PositiveIntegerField(_("records"), default=0)
    history_count = models.PositiveIntegerField(_("history rows"), default=0)
    dry_run = models.BooleanField(_("dry run"), default=False)
    run_at = models.DateTimeField(_("when"), default=timezone.now)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # "scheduler", "command", or a user's name: who started the run.
    started_by = models.CharField(_("started by"), max_length=150)

    class Meta:
        ordering = ["-run_at", "-pk"]
        verbose_name = _("gallring log entry")
        verbose_name_plural = _("gallring log")
        indexes = [models.Index(fields=["kind", "-run_at"], name="gallring_kind_run_at")]

    def __str__(self) -> str:
        return f"{self.run_at:%Y-%m-%d %H:%M} {self.kind}: {self.count}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


class PersonalDataRequest(models.Model):
    """A register extract or an erasure (GDPR art. 15 and 17), as it was done: who, when, which
    address (its SHA-256, so the log keeps no address), what was found, erased and kept."""

    class Action(models.TextChoices):
        SEARCH = "search", _("Search")
        EXTRACT_CSV = "extract_csv", _("Extract (CSV)")
        EXTRACT_PDF = "extract_pdf", _("Extract (PDF)")
        ERASURE = "erasure", _("Erasure")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    email_hash = models.CharField(_("address (SHA-256)"), max_length=64, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("when"), default=timezone.now)
    # {place key: number of findings}
    found = models.JSONField(_("found"), default=dict)
    erased = models.JSONField(_("erased"), default=dict)
    kept = models.JSONField(_("kept"), default=dict)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("register extract or erasure")
        verbose_name_plural = _("register extracts and erasures")

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d %H:%M} {self.get_action_display()}"

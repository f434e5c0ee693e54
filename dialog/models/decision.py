"""A decision taken at a decision point, and how it was taken (the kinds kommunallagen knows)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roles.models import Body, Meeting

from .dialogue import Dialogue
from .states import DecisionPoint


class Decision(models.Model):
    """A decision taken at a decision point, in one of the forms kommunallagen knows: by the body
    at a meeting (5 kap, 6 kap), by delegation (6 kap 37-40 §§), urgently by the chair (6 kap
    39 §); or the politicians' stance or a presentation, which are information, not decisions."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for revision")
        # Bordläggning: the meeting postpones the point; it keeps waiting, no transition.
        TABLED = "tabled", _("Tabled")

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Decided by the body at a meeting")
        DELEGATION = "delegation", _("Decided by delegation")
        URGENT = "urgent", _("Urgent decision by the chair")
        STANCE = "stance", _("The politicians' stance, noted by the responsible official")
        PRESENTATION = "presentation", _("Presented to the presidium")
        # Before the decision forms (issue 12) one politician's click was recorded as the
        # body's decision; those records are kept under this label and no new ones are made.
        LEGACY = "approval", _("Approved in Delaktig by one politician, before the decision forms")

    # Information, not decisions: no paragraph, no decision date field.
    INFORMATION_KINDS = (Kind.STANCE, Kind.PRESENTATION)
    # Reported (anmälan) to the body at a later meeting.
    REPORTED_KINDS = (Kind.DELEGATION, Kind.URGENT)

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="decisions")
    point = models.CharField(_("decision point"), max_length=20, choices=DecisionPoint.choices)
    body = models.ForeignKey(
        Body, verbose_name=_("deciding body"), on_delete=models.PROTECT, related_name="decisions"
    )
    decided_on = models.DateField(_("decision date"))
    paragraph = models.CharField(
        _("paragraph (§)"),
        max_length=20,
        blank=True,
        help_text=_("The paragraph in the minutes, e.g. 113 for § 113."),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    text = models.TextField(_("decision text"))
    kind = models.CharField(_("decision form"), max_length=20, choices=Kind.choices)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="decisions",
        null=True,
        blank=True,
    )
    reported_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("reported at meeting"),
        on_delete=models.PROTECT,
        related_name="reported_decisions",
        null=True,
        blank=True,
        help_text=_("The meeting where the decision was reported to the body (anmälan)."),
    )
    reported_paragraph = models.CharField(
        _("reported under paragraph (§)"), max_length=20, blank=True
    )
    delegation_quote = models.TextField(
        _("delegation point"),
        blank=True,
        help_text=_("The point of the delegation order the decision was taken under, quoted."),
    )
    urgency_reason = models.TextField(
        _("why it could not wait"),
        blank=True,
        help_text=_("Why the matter could not wait for the body's next meeting."),
    )
    informed_occasion = models.CharField(
        _("where the politicians were informed"),
        max_length=300,
        blank=True,
        help_text=_("The meeting or occasion where the politicians were informed."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "recorded_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            # A decision point is approved or rejected once: a second approval, or an approval
            # beside a rejection, is a conflict, not a record. Returns for revision may repeat.
            models.UniqueConstraint(
                fields=["dialogue", "point"],
                condition=Q(outcome__in=["approved", "rejected"]),
                name="decision_one_approval_per_point",
            ),
            # Each point decided at a meeting has its own paragraph in the minutes.
            models.UniqueConstraint(
                fields=["meeting", "paragraph"],
                condition=Q(meeting__isnull=False),
                name="decision_paragraph_unique_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.code} {self.decided_on:%Y-%m-%d} {self.paragraph_display}".strip()

    @property
    def paragraph_display(self) -> str:
        return f"§ {self.paragraph}" if self.paragraph else ""

    @property
    def is_information(self) -> bool:
        return self.kind in self.INFORMATION_KINDS

    @property
    def appeal_ends_on(self):
        """The last day to appeal (laglighetsprövning, kommunallagen 13 kap 5 §): three weeks
        from the day the justering of the minutes was posted (anslag)."""
        meeting = self.meeting if self.kind == self.Kind.MEETING else self.reported_meeting
        return meeting.appeal_ends_on if meeting is not None else None

    @property
    def stands_on(self):
        """The day the decision stands (vinner laga kraft) unless it is appealed."""
        ends = self.appeal_ends_on
        return ends + timedelta(days=1) if ends else None

    def clean(self):
        errors = {}
        if self.decided_on and self.decided_on > timezone.localdate():
            errors["decided_on"] = _("A decision date cannot be in the future.")
        if self.kind == self.Kind.LEGACY and self._state.adding:
            errors["kind"] = _(
                "A single politician's approval is no longer a decision form: record the "
                "decision from the meeting's minutes, by delegation or as an urgent decision."
            )
        if self.kind == self.Kind.MEETING:
            if self.meeting_id is None:
                errors["meeting"] = _("A meeting decision needs its meeting.")
            if not self.paragraph:
                errors["paragraph"] = _(
                    "A decision registered from the minutes needs its paragraph (§)."
                )
            if self.meeting_id is not None:
                if self.decided_on and self.decided_on != self.meeting.held_on:
                    errors.setdefault(
                        "decided_on", _("A meeting decision is dated the day of the meeting.")
                    )
                if self.body_id and self.meeting.body_id != self.body_id:
                    errors["meeting"] = _("The meeting is not a meeting of the deciding body.")
        elif self.paragraph and self.meeting_id is None:
            errors["paragraph"] = _("A paragraph (§) belongs to a meeting: choose the meeting.")
        if self.kind in self.INFORMATION_KINDS and self.paragraph:
            errors["paragraph"] = _(
                "A stance or a presentation is information, not a decision: it has no paragraph."
            )
        if self.reported_paragraph and self.reported_meeting_id is None:
            errors["reported_paragraph"] = _(
                "A paragraph (§) belongs to a meeting: choose the meeting where it was reported."
            )
        if self.outcome == self.Outcome.TABLED and self.kind != self.Kind.MEETING:
            errors["outcome"] = _("Only a meeting can table a point.")
        if errors:
            raise ValidationError(errors)

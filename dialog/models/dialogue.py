"""The dialogue case: its nine steps as a finite-state machine, its decisions and its log.

Transitions carry their conditions (each says what is missing) and the name of the `rules`
permission that may run them. They are run only by `dialog.services.run_transition`, which
checks that permission: django-fsm itself does not.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from roles.models import Body, Membership

from .states import (
    ACTIVE_STATES,
    DecisionPoint,
    DialogueKind,
    ParticipationLevel,
    State,
    may,
    requires,
    requires_step,
)


class Dialogue(ConcurrentTransitionMixin, models.Model):
    # -- Initiative (step 1) --------------------------------------------------------------
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(
        _("question"), blank=True, help_text=_("What do we want to ask residents about?")
    )
    background = models.TextField(_("background"), blank=True)
    why_dialogue = models.TextField(
        _("why a dialogue is needed"),
        blank=True,
        help_text=_(
            "What do we need to learn about residents' values, opinions and priorities, "
            "and is the question still open to influence?"
        ),
    )
    future_decision = models.TextField(
        _("future decision it feeds"),
        blank=True,
        help_text=_("Which coming political decision will the dialogue's results inform?"),
    )
    participation_level = models.CharField(
        _("proposed participation level"),
        max_length=20,
        choices=ParticipationLevel.choices,
        blank=True,
    )
    kind = models.CharField(
        _("kind of dialogue"),
        max_length=20,
        choices=DialogueKind.choices,
        default=DialogueKind.CITIZEN,
        help_text=_(
            "A citizen dialogue is held by politicians with residents before a decision; a user "
            "dialogue by officials with the users of a service, to follow up its quality."
        ),
    )
    statutory_consultation = models.BooleanField(
        _("statutory consultation"),
        default=False,
        help_text=_(
            "Samråd or granskning under the Planning and Building Act, or a consultation the "
            "Public Transport Act, the Environmental Code or the minority-language law requires. "
            "Those are handled in their own process, not as a citizen dialogue."
        ),
    )

    # -- Case ----------------------------------------------------------------------------
    body = models.ForeignKey(
        Body,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        related_name="dialogues",
        help_text=_("The political body that decides at the decision points."),
    )
    responsible_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible official"),
        on_delete=models.PROTECT,
        related_name="dialogues_responsible",
    )
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("initiated by"),
        on_delete=models.PROTECT,
        related_name="dialogues_initiated",
    )
    state = FSMField(
        _("state"), default=State.INITIATIVE, choices=State.choices, protected=True, db_index=True
    )
    case_number = models.CharField(
        _("case number"), max_length=40, unique=True, null=True, blank=True, editable=False
    )
    case_year = models.PositiveIntegerField(null=True, blank=True, editable=False)
    case_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Where the number comes from (dialog/diarium.py): the body whose diarium registered the case
    # (its series in Delaktig's own), and the diarium's name ("Delaktig" for the own series,
    # W3D3, Public 360, ... for an external one), kept as they were at registration.
    diarium_body = models.ForeignKey(
        Body,
        verbose_name=_("registered in the diarium of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    diarium = models.CharField(
        _("diarium"), max_length=60, blank=True, default="", db_default="", editable=False
    )
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)
    # The rules the dialogue runs under: the profile in force when it started (see governance).
    policy_profile = models.ForeignKey(
        "governance.PolicyProfile",
        verbose_name=_("policy profile"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogues",
        editable=False,
    )
    governing_documents = models.ManyToManyField(
        "governance.SteeringDocument",
        verbose_name=_("governing steering documents"),
        blank=True,
        related_name="governed_dialogues",
    )
    changed_documents = models.ManyToManyField(
        "governance.SteeringDocument",
        verbose_name=_("steering documents its decision changes"),
        blank=True,
        related_name="changed_by_dialogues",
    )
    goals = models.ManyToManyField(
        "governance.Goal",
        verbose_name=_("goals"),
        blank=True,
        related_name="dialogues",
        help_text=_("The municipality's goals the dialogue serves."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The linked steering documents are part of the case file: every change is a history row.
    history = HistoricalRecords(m2m_fields=[governing_documents, changed_documents, goals])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        # The list's order, newest first, and its year filter's choices (distinct case years).
        # The trigram indexes of its search are PostgreSQL-only (migration 0011).
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="dialogue_newest_first"),
            models.Index(fields=["case_year"], name="dialogue_case_year"),
        ]
        constraints = [
            # Delaktig's own series: one number per diarium body and year (the case number
            # itself, from either diarium, is unique in the municipality).
            models.UniqueConstraint(
                fields=["diarium_body", "case_year", "case_sequence"],
                condition=Q(case_sequence__isnull=False),
                name="dialogue_case_sequence_unique_per_diarium_and_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}" if self.case_number else self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("dialog:detail", args=[self.pk])

    def clean_fields(self, exclude=None):
        # Cleaning assigns every field's value back to the instance, and the protected state
        # field refuses any assignment once loaded: only transitions change it.
        super().clean_fields(exclude={*(exclude or ()), "state"})

    def clean(self):
        errors = {}
        if self.body_id and not self.body.is_political:
            # Issue 12: a user dialogue (brukardialog) may be owned by an administration and
            # decided within it, unless the policy profile says a political body decides it.
            refusal = self.administration_refusal()
            if refusal:
                errors["body"] = refusal
        if (
            self.responsible_official_id
            and not Membership.objects.active()
            .officials()
            .filter(person_id=self.responsible_official_id)
            .exists()
        ):
            errors["responsible_official"] = _(
                "The responsible official must hold an official's role in one of the bodies."
            )
        if errors:
            raise ValidationError(errors)

    # -- Derived facts --------------------------------------------------------------------
    @property
    def is_registered(self) -> bool:
        return bool(self.case_number)

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def step_number(self) -> int | None:
        """1-9 while the dialogue is in one of the nine steps; None at an end."""
        return ACTIVE_STATES.index(self.state) + 1 if self.state in ACTIVE_STATES else None

    @property
    def decision_point(self) -> str | None:
        return DecisionPoint.for_state(self.state)

    def approved_decision(self, point: str):
        return next(
            (d for d in self.decisions.all() if d.point == point and d.outcome == "approved"),
            None,
        )

    # -- What the case needs (lists of missing items, in Swedish on the page) ------------
    # What a step's content needs lives with the step (dialog.steps.<step>.missing); these two
    # are kept for the reports' decision basis, which lists them apart.
    def initiative_missing(self) -> list[str]:
        from dialog.steps import initiative_mandate

        return initiative_mandate.initiative_missing(self)

    def mandate_missing(self) -> list[str]:
        from dialog.steps import initiative_mandate

        return initiative_mandate.mandate_missing(self)

    @property
    def is_user_dialogue(self) -> bool:
        return self.kind == DialogueKind.USER

    def administration_refusal(self) -> str:
        """Why an administration cannot own this dialogue, or "" when it can: only a user
        dialogue, and only where the profile leaves it to the administration [HAN][FOR][HAG]."""
        if not self.is_user_dialogue:
            return str(
                _(
                    "Only a political body can decide on a citizen dialogue; an administration "
                    "or municipal company can own a user dialogue."
                )
            )
        profile = self.policy_profile if self.policy_profile_id else None
        if profile is not None and profile.user_dialogue_decided_by == "political_body":
            return str(
                _(
                    "Under the dialogue policy, a political body decides user dialogues too: "
                    "choose a political body."
                )
            )
        return ""

    @property
    def is_decided_within_administration(self) -> bool:
        """A user dialogue owned by an administration: its head (or a delegate) decides."""
        return bool(self.body_id) and not self.body.is_political and self.is_user_dialogue

    def registration_missing(self) -> list[str]:
        return [] if self.is_registered else [str(_("a case number (the case is not registered)"))]

    def final_decision_missing(self) -> list[str]:
        if self.approved_decision(DecisionPoint.FINAL):
            return []
        return [str(_("a recorded final decision"))]

    def no_final_decision_yet(self) -> list[str]:
        if self.approved_decision(DecisionPoint.FINAL):
            return [str(_("the final decision has already been recorded"))]
        return []

    # -- Transitions ----------------------------------------------------------------------
    # `custom` tells the service and the page: the label, whether a Decision is recorded
    # (decision point and outcome), and whether a comment is required.

    @transition(
        field=state,
        source=State.INITIATIVE,
        target=State.MANDATE_DECISION,
        conditions=[requires_step("initiative_mandate")],
        permission=may("dialog.submit_for_mandate"),
        custom={"label": _("Submit for mandate decision")},
    )
    def submit_for_mandate(self):
        pass

    @transition(
        field=state,
        source=State.MANDATE_DECISION,
        target=State.PLANNING,
        conditions=[requires("registration_missing")],
        permission=may("dialog.decide"),
        custom={"label": _("Approve mandate"), "outcome": "approved"},
    )
    def approve_mandate(self):
        pass

    @transition(
        field=state,
        source=State.PLANNING,
        target=State.LAUNCH_DECISION,
        conditions=[requires_step("planning")],
        permission=may("dialog.run_dialogue"),
        custom={"label": _("Submit plan for launch decision")},
    )
    def submit_for_launch(self):
        pass

    @transition(
        field=state,
        source=State.LAUNCH_DECISION,
        target=State.EXECUTION,
        conditions=[requires("registration_missing")],
        permission=may("dialog.decide"),
        custom={"label": _("Approve launch"), "outcome": "approved"},
    )
    def approve_launch(self):
        pass

    @transition(
        field=state,
        source=State.EXECUTION,
        target=State.COMPILATION,
        conditions=[requires_step("execution")],
        permission=may("dialog.run_dialogue"),
        custom={"label": _("Finish execution and compile results")},
    )
    def start_compilation(self):
        pass

    @transition(
        field=state,
        source=State.COMPILATION,
        target=State.FEEDBACK,
        conditions=[requires_step("compilation")],
        permission=may("dialog.run_dialogue"),
        custom={"label": _("Present results to the politicians")},
    )
    def present_results(self):
        pass

    @transition(
        field=state,
        source=State.FEEDBACK,
        target=State.PROCESSING,
        conditions=[requires_step("feedback")],
        permission=may("dialog.run_dialogue"),
        custom={"label": _("Start work on the proposal for decision")},
    )
    def start_processing(self):
        pass

    @transition(
        field=state,
        source=State.PROCESSING,
        target=State.DECISION,
        conditions=[requires_step("processing")],
        permission=may("dialog.run_dialogue"),
        custom={"label": _("Submit proposal for decision")},
    )
    def submit_for_decision(self):
        pass

    # The final decision is taken inside step 9: the dialogue stays there for the action plan,
    # the feedback to residents and the evaluation, and is closed afterwards.
    @transition(
        field=state,
        source=State.DECISION,
        target=State.DECISION,
        conditions=[requires("registration_missing"), requires("no_final_decision_yet")],
        permission=may("dialog.decide"),
        custom={"label": _("Record the final decision"), "outcome": "approved"},
    )
    def decide(self):
        pass

    @transition(
        field=state,
        source=State.DECISION,
        target=State.CLOSED,
        conditions=[requires("final_decision_missing"), requires_step("decision_followup")],
        permission=may("dialog.run_dialogue"),
        custom={"label": _("Close the dialogue")},
    )
    def close(self):
        pass

    @transition(
        field=state,
        source=[State.MANDATE_DECISION, State.LAUNCH_DECISION, State.DECISION],
        target=State.REJECTED,
        conditions=[requires("registration_missing"), requires("no_final_decision_yet")],
        permission=may("dialog.decide"),
        custom={"label": _("Reject"), "outcome": "rejected", "comment_required": True},
    )
    def reject(self):
        pass

    @transition(
        field=state,
        source=State.MANDATE_DECISION,
        target=State.INITIATIVE,
        conditions=[requires("registration_missing")],
        permission=may("dialog.decide"),
        custom={"label": _("Return for revision"), "outcome": "returned", "comment_required": True},
    )
    def return_mandate(self):
        pass

    @transition(
        field=state,
        source=State.LAUNCH_DECISION,
        target=State.PLANNING,
        conditions=[requires("registration_missing")],
        permission=may("dialog.decide"),
        custom={"label": _("Return for revision"), "outcome": "returned", "comment_required": True},
    )
    def return_launch(self):
        pass

    @transition(
        field=state,
        source=State.DECISION,
        target=State.PROCESSING,
        conditions=[requires("registration_missing"), requires("no_final_decision_yet")],
        permission=may("dialog.decide"),
        custom={"label": _("Return for revision"), "outcome": "returned", "comment_required": True},
    )
    def return_proposal(self):
        pass

    @transition(
        field=state,
        source=ACTIVE_STATES,
        target=State.CANCELLED,
        conditions=[requires("no_final_decision_yet")],
        permission=may("dialog.cancel"),
        custom={"label": _("Cancel the dialogue"), "comment_required": True, "danger": True},
    )
    def cancel(self, reason: str = ""):
        self.cancel_reason = reason


class Assignment(models.Model):
    """People other than the responsible official who carry a part of a dialogue."""

    class Role(models.TextChoices):
        POLITICIAN = "politician", _("Participating politician")
        EXPERT = "expert", _("Expert official")
        COMMUNICATOR = "communicator", _("Communicator")

    OFFICIAL_ROLES = (Role.EXPERT, Role.COMMUNICATOR)

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="assignments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="dialogue_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "person__last_name", "person__first_name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "person", "role"], name="assignment_unique_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.get_full_name()} ({self.get_role_display()})"


class TransitionLog(models.Model):
    """The timeline: every step a dialogue took, by whom and why. Append-only."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="transitions")
    transition = models.CharField(_("action"), max_length=50)
    source = models.CharField(_("from"), max_length=20, choices=State.choices)
    target = models.CharField(_("to"), max_length=20, choices=State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    decision = models.OneToOneField(
        "dialog.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="log_entry"
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.transition}"


class CaseSequence(models.Model):
    """The last case number given per body and year; locked while the next is taken."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="case_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.body.code} {self.year}: {self.last}"

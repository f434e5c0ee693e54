"""The dialogue case: its nine steps as a finite-state machine, its decisions and its log.

Transitions carry their conditions (each says what is missing) and the name of the `rules`
permission that may run them. They are run only by `dialog.services.run_transition`, which
checks that permission: django-fsm itself does not.
"""

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from governance.profiles import INITIATIVE_QUESTIONS, TARGET_GROUPS
from roles.models import Body, Membership

from . import completeness, policy
from . import dates as process_dates


class State(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    MANDATE_DECISION = "mandate_decision", _("Decision point: mandate")
    PLANNING = "planning", _("Planning")
    LAUNCH_DECISION = "launch_decision", _("Decision point: launch")
    EXECUTION = "execution", _("Execution")
    COMPILATION = "compilation", _("Compilation")
    FEEDBACK = "feedback", _("Feedback")
    PROCESSING = "processing", _("Processing")
    DECISION = "decision", _("Decision and action plan")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# The nine steps of the source policies, in order [SAN]. Closed, rejected and cancelled are ends.
STEPS = [
    State.INITIATIVE,
    State.MANDATE_DECISION,
    State.PLANNING,
    State.LAUNCH_DECISION,
    State.EXECUTION,
    State.COMPILATION,
    State.FEEDBACK,
    State.PROCESSING,
    State.DECISION,
]
ACTIVE_STATES = [str(s) for s in STEPS]
END_STATES = [State.CLOSED, State.REJECTED, State.CANCELLED]
DECISION_POINT_STATES = [State.MANDATE_DECISION, State.LAUNCH_DECISION, State.DECISION]


class DialogueKind(models.TextChoices):
    """Medborgardialog is distinct from brukardialog [SAN][HAN][FOR][HAG]."""

    CITIZEN = "medborgardialog", _("Citizen dialogue")
    USER = "brukardialog", _("User dialogue")


class ParticipationLevel(models.TextChoices):
    """Delaktighetstrappan, lowest rung first [SAN][FOR]."""

    INFORMATION = "information", _("Information")
    CONSULTATION = "konsultation", _("Consultation")
    DIALOGUE = "dialog", _("Dialogue")
    INFLUENCE = "inflytande", _("Influence")
    CO_DECISION = "medbeslutande", _("Co-decision")


def requires(check_name: str):
    """A django-fsm condition built from a `<check_name>()` method that lists what is missing.

    The condition passes when the list is empty; `missing()` gives the list for the page.
    """

    def condition(instance) -> bool:
        return not getattr(instance, check_name)()

    condition.missing = lambda instance: getattr(instance, check_name)()
    condition.__name__ = check_name
    return condition


def may(permission: str):
    """A transition permission checked against our `rules` only.

    Going through `user.has_perm` would let Django's ModelBackend wave every superuser through;
    an administrator must not approve a mandate on the politicians' behalf.
    """

    def check(instance, user) -> bool:
        return rules.has_perm(permission, user, instance)

    check.permission_name = permission
    return check


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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The linked steering documents are part of the case file: every change is a history row.
    history = HistoricalRecords(m2m_fields=[governing_documents, changed_documents])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "case_year", "case_sequence"],
                condition=Q(case_sequence__isnull=False),
                name="dialogue_case_sequence_unique_per_body_and_year",
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
            errors["body"] = _("Only a political body can decide on a dialogue.")
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
            (
                d
                for d in self.decisions.all()
                if d.point == point and d.outcome == Decision.Outcome.APPROVED
            ),
            None,
        )

    # -- What each step needs (lists of missing items, in Swedish on the page) -----------
    def initiative_missing(self) -> list[str]:
        labels = {
            "title": _("a title"),
            "question": _("the question"),
            "background": _("the background"),
            "why_dialogue": _("why a dialogue is needed"),
            "future_decision": _("which future decision it feeds"),
            "participation_level": _("a proposed participation level"),
        }
        return [str(label) for field, label in labels.items() if not getattr(self, field)]

    def mandate_missing(self) -> list[str]:
        mandate = getattr(self, "mandate", None)
        if mandate is None:
            return [str(_("the mandate has not been drafted"))]
        # Only some policies want the feedback plan in the mandate [HAG]; others decide it
        # with the plan or the final decision [SAN][SOL].
        optional = () if policy.feedback_plan_required(self) else ("feedback_plan",)
        missing = mandate.missing(optional=optional)
        if not any(a.role == Assignment.Role.POLITICIAN for a in self.assignments.all()):
            missing.append(str(_("at least one responsible politician")))
        return missing

    # The rules that come from the dialogue's policy profile (see dialog.policy).
    def initiative_questions_missing(self) -> list[str]:
        return [str(m) for m in policy.initiative_questions_missing(self)]

    def participation_missing(self) -> list[str]:
        return [str(m) for m in policy.participation_missing(self)]

    def target_groups_missing(self) -> list[str]:
        return [str(m) for m in policy.target_groups_missing(self)]

    @property
    def is_user_dialogue(self) -> bool:
        return self.kind == DialogueKind.USER

    def registration_missing(self) -> list[str]:
        return [] if self.is_registered else [str(_("a case number (the case is not registered)"))]

    def final_decision_missing(self) -> list[str]:
        if self.approved_decision(DecisionPoint.FINAL):
            return []
        return [str(_("a recorded final decision"))]

    def planning_missing(self) -> list[str]:
        """The plan [SAN][SOL]: activities residents can find, how the result is fed back, and
        when the later decisions are taken."""
        missing = []
        if not any(a.is_scheduled for a in self.activities.all()):
            missing.append(str(_("at least one activity with a date and a place or a link")))
        if not any(c.tells_feedback for c in self.communication_items.all()):
            missing.append(
                str(_("a communication plan item that tells how the result will be fed back"))
            )
        if not any(p.point == DecisionPoint.FINAL for p in self.planned_decision_points.all()):
            missing.append(str(_("the planned date of the final decision")))
        return missing

    def execution_missing(self) -> list[str]:
        missing = []
        if not self.inputs.exists():
            missing.append(str(_("at least one registered input")))
        # The compilation starts once every activity is held or cancelled (issue 9).
        still_planned = [
            a.title for a in self.activities.all() if a.status == Activity.Status.PLANNED
        ]
        if still_planned:
            missing.append(
                str(
                    _(
                        "activities still marked as planned; mark each one held, or cancelled "
                        "with a reason: %(titles)s"
                    )
                    % {"titles": ", ".join(still_planned)}
                )
            )
        return missing

    # Steps 6-9: what the compilation, the feedback, the proposal and the follow-up of the
    # decision need (dialog.completeness).
    def compilation_missing(self) -> list[str]:
        return completeness.compilation_missing(self)

    def feedback_missing(self) -> list[str]:
        return completeness.feedback_missing(self)

    def processing_missing(self) -> list[str]:
        return completeness.processing_missing(self)

    def followup_missing(self) -> list[str]:
        return completeness.followup_missing(self)

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
        conditions=[
            requires("initiative_missing"),
            requires("participation_missing"),
            requires("initiative_questions_missing"),
            requires("mandate_missing"),
            requires("target_groups_missing"),
        ],
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
        conditions=[requires("planning_missing")],
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
        conditions=[requires("execution_missing")],
        permission=may("dialog.run_dialogue"),
        custom={"label": _("Finish execution and compile results")},
    )
    def start_compilation(self):
        pass

    @transition(
        field=state,
        source=State.COMPILATION,
        target=State.FEEDBACK,
        conditions=[requires("compilation_missing")],
        permission=may("dialog.run_dialogue"),
        custom={"label": _("Present results to the politicians")},
    )
    def present_results(self):
        pass

    @transition(
        field=state,
        source=State.FEEDBACK,
        target=State.PROCESSING,
        conditions=[requires("feedback_missing")],
        permission=may("dialog.run_dialogue"),
        custom={"label": _("Start work on the proposal for decision")},
    )
    def start_processing(self):
        pass

    @transition(
        field=state,
        source=State.PROCESSING,
        target=State.DECISION,
        conditions=[requires("processing_missing")],
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
        conditions=[requires("final_decision_missing"), requires("followup_missing")],
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


class DecisionPoint(models.TextChoices):
    MANDATE = "mandate", _("Mandate")
    LAUNCH = "launch", _("Launch")
    FINAL = "final", _("Final decision")

    @classmethod
    def for_state(cls, state: str) -> str | None:
        return {
            State.MANDATE_DECISION: cls.MANDATE,
            State.LAUNCH_DECISION: cls.LAUNCH,
            State.DECISION: cls.FINAL,
        }.get(state)


class Mandate(models.Model):
    """What the politicians decide at the mandate decision point [SAN][HAG]."""

    dialogue = models.OneToOneField(Dialogue, on_delete=models.PROTECT, related_name="mandate")
    purpose = models.TextField(_("purpose"), blank=True)
    description = models.TextField(_("description"), blank=True)
    influence = models.TextField(
        _("influence on future decisions"),
        blank=True,
        help_text=_("How will residents' views be treated, and what can they influence?"),
    )
    target_groups = models.TextField(
        _("key target groups"),
        blank=True,
        help_text=_(
            "Always consider the disability council, the pensioners' council, children and young "
            "people, and groups that are rarely heard."
        ),
    )
    timeline = models.TextField(_("time plan"), blank=True)
    budget_resources = models.TextField(_("budget and resources"), blank=True)
    offtopic_handling = models.TextField(
        _("handling of off-topic input"),
        blank=True,
        help_text=_("What happens with views that fall outside the dialogue's purpose?"),
    )
    feedback_plan = models.TextField(
        _("feedback plan"),
        blank=True,
        help_text=_(
            "How and when participants and the public learn what happened with their views."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    REQUIRED = (
        ("purpose", _("the purpose")),
        ("description", _("the description")),
        ("influence", _("the influence on future decisions")),
        ("target_groups", _("the key target groups")),
        ("timeline", _("the time plan")),
        ("budget_resources", _("budget and resources")),
        ("offtopic_handling", _("how off-topic input is handled")),
        ("feedback_plan", _("the feedback plan")),
    )

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")

    def __str__(self) -> str:
        return str(_("Mandate for %(dialogue)s") % {"dialogue": self.dialogue})

    def missing(self, optional=()) -> list[str]:
        return [
            str(label)
            for field, label in self.REQUIRED
            if field not in optional and not getattr(self, field).strip()
        ]


class InitiativeAnswer(models.Model):
    """The political body's answer to one of the profile's initiative questions [SOL][FOR]."""

    QUESTIONS = INITIATIVE_QUESTIONS

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.PROTECT, related_name="initiative_answers"
    )
    question = models.CharField(
        _("question"), max_length=40, choices=list(INITIATIVE_QUESTIONS.items())
    )
    answer = models.BooleanField(_("answer"))
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("answer to an initiative question")
        verbose_name_plural = _("answers to the initiative questions")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "question"], name="initiative_answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_question_display()}: {_('yes') if self.answer else _('no')}"


class TargetGroup(models.Model):
    """A target group the mandate names: included, or left out with a reason [SAN][HAG][HAN]."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="target_groups")
    group = models.CharField(_("target group"), max_length=30, choices=list(TARGET_GROUPS.items()))
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For another group.")
    )
    included = models.BooleanField(_("included"), default=True)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the group is not included.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "group", "name"], name="target_group_once_per_dialogue"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return policy.group_label(self.group, self.name)

    def clean(self):
        errors = {}
        if self.group == "other" and not self.name.strip():
            errors["name"] = _("Name the group.")
        if self.group != "other":
            self.name = ""
        if not self.included and not self.reason.strip():
            errors["reason"] = _("Give a reason why %(group)s is not included.") % {
                "group": self.label
            }
        if errors:
            raise ValidationError(errors)


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


class Decision(models.Model):
    """A decision taken at a decision point, approved in the app or registered from minutes."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for revision")

    class Source(models.TextChoices):
        APPROVAL = "approval", _("Approved in Delaktig by a politician of the body")
        MINUTES = "minutes", _("Registered from the meeting minutes by the clerk")
        STANCE = "stance", _("The politicians' stance, recorded by the responsible official")
        PRESENTATION = "presentation", _("Presented to the presidium")

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
    source = models.CharField(_("recorded as"), max_length=20, choices=Source.choices)
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
            )
        ]

    def __str__(self) -> str:
        return f"{self.body.code} {self.decided_on:%Y-%m-%d} {self.paragraph_display}".strip()

    @property
    def paragraph_display(self) -> str:
        return f"§ {self.paragraph}" if self.paragraph else ""

    def clean(self):
        if self.decided_on and self.decided_on > timezone.localdate():
            raise ValidationError({"decided_on": _("A decision date cannot be in the future.")})
        if self.source == self.Source.MINUTES and not self.paragraph:
            raise ValidationError(
                {"paragraph": _("A decision registered from the minutes needs its paragraph (§).")}
            )


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
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="log_entry"
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


# ==========================================================================================
# The content of the steps from planning on: data, not one free-text box [SAN][SOL][HAN][HAG].
# ==========================================================================================


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


# -- Planning (step 3) ---------------------------------------------------------------------


class Activity(models.Model):
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


class CommunicationItem(models.Model):
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


class PlannedDecisionPoint(models.Model):
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

    def __str__(self) -> str:
        return f"{self.display_name} {self.planned_on:%Y-%m-%d}"

    @property
    def display_name(self) -> str:
        return self.label or (self.get_point_display() if self.point else "")

    def clean(self):
        if not self.point and not self.label.strip():
            raise ValidationError({"label": _("Choose a decision point or give a label.")})


# -- Execution (step 5) --------------------------------------------------------------------


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


class InputItem(models.Model):
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
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


# -- Compilation (step 6) ------------------------------------------------------------------


class Theme(models.Model):
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
            models.UniqueConstraint(fields=["dialogue", "name"], name="theme_unique_per_dialogue")
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


# -- Feedback to the politicians (step 7) --------------------------------------------------


class ResultsPresentation(models.Model):
    dialogue = models.OneToOneField(
        Dialogue, on_delete=models.PROTECT, related_name="results_presentation"
    )
    presented_on = models.DateField(_("presented on"), null=True, blank=True)
    body = models.ForeignKey(
        Body,
        verbose_name=_("presented to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("results presentation")
        verbose_name_plural = _("results presentations")

    def __str__(self) -> str:
        return str(self.dialogue)


class Forwarding(models.Model):
    """Off-topic input routed as the mandate said, each forwarding recorded [SAN][HAG]."""

    class Target(models.TextChoices):
        BODY = "body", _("Another body")
        COMPLAINTS = "complaints", _("Complaints handling")
        # Neither forwarded: answered or dealt with otherwise, as the note says.
        HANDLED = "handled", _("Handled without forwarding")

    input_item = models.ForeignKey(
        InputItem, verbose_name=_("input"), on_delete=models.PROTECT, related_name="forwardings"
    )
    forwarded_to = models.CharField(_("forwarded to"), max_length=20, choices=Target.choices)
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    forwarded_on = models.DateField(_("forwarded on"), default=timezone.localdate)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["forwarded_on", "pk"]
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")

    def __str__(self) -> str:
        return f"{self.get_forwarded_to_display()} {self.forwarded_on:%Y-%m-%d}"

    def clean(self):
        if self.forwarded_to == self.Target.BODY and not self.body_id:
            raise ValidationError({"body": _("Choose the body the input is forwarded to.")})
        if self.forwarded_to == self.Target.HANDLED and not self.note.strip():
            raise ValidationError({"note": _("Say how the input was handled.")})


# -- Processing (step 8) -------------------------------------------------------------------


class Proposal(models.Model):
    """The proposal for decision (förslag till beslut) and its consequences."""

    dialogue = models.OneToOneField(Dialogue, on_delete=models.PROTECT, related_name="proposal")
    dialogue_influence = models.TextField(_("how the dialogue changed the proposal"), blank=True)
    economy = models.TextField(_("economic consequences"), blank=True)
    children_rights = models.TextField(_("consequences for children's rights"), blank=True)
    children_heard = models.BooleanField(_("have children been heard?"), null=True, blank=True)
    children_heard_comment = models.TextField(_("comment on hearing children"), blank=True)
    equality = models.TextField(_("consequences for equality"), blank=True)
    environment = models.TextField(_("environmental consequences"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal for decision")
        verbose_name_plural = _("proposals for decision")

    def __str__(self) -> str:
        return str(self.dialogue)


class ProposalPoint(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number", "pk"]
        verbose_name = _("proposal point")
        verbose_name_plural = _("proposal points")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "number"], name="proposal_point_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


# -- Decision and action plan (step 9) -----------------------------------------------------


class ActionItem(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="action_items")
    action = models.TextField(_("action"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_text = models.CharField(
        _("responsible (other)"),
        max_length=200,
        blank=True,
        help_text=_("A unit or person without an account."),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("action plan")

    def __str__(self) -> str:
        return self.action[:60]

    @property
    def responsible_display(self) -> str:
        if self.responsible_id:
            return self.responsible.get_full_name() or self.responsible.get_username()
        return self.responsible_text


class ResidentFeedback(models.Model):
    """What residents are told: what we heard, what we decided, why [HAN][FOR][HAG]."""

    dialogue = models.OneToOneField(
        Dialogue, on_delete=models.PROTECT, related_name="resident_feedback"
    )
    what_we_heard = models.TextField(_("what we heard"), blank=True)
    what_we_decided = models.TextField(_("what we decided"), blank=True)
    why = models.TextField(_("why"), blank=True)
    channels = models.TextField(_("channels"), blank=True)
    published_on = models.DateField(
        _("published on"), null=True, blank=True, help_text=_("Empty while not published.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback to residents")
        verbose_name_plural = _("feedback to residents")

    def __str__(self) -> str:
        return str(self.dialogue)

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class Evaluation(models.Model):
    """The dialogue evaluated against its mandate [SAN][SOL]."""

    class PurposeMet(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    dialogue = models.OneToOneField(Dialogue, on_delete=models.PROTECT, related_name="evaluation")
    purpose_met = models.CharField(
        _("was the purpose met?"), max_length=10, choices=PurposeMet.choices, blank=True
    )
    purpose_comment = models.TextField(_("comment on the purpose"), blank=True)
    methods_comment = models.TextField(_("methods"), blank=True)
    reach_comment = models.TextField(
        _("reach and representativeness"),
        blank=True,
        help_text=_("Who took part, by age, gender and area, and who was not reached."),
    )
    accessibility_comment = models.TextField(_("accessibility"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    done_on = models.DateField(
        _("evaluation done on"), null=True, blank=True, help_text=_("Empty while not done.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return str(self.dialogue)

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

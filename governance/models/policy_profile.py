"""The policy profile: what a municipality's dialogue policy decides differently from others."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .documents import SteeringDocument

# How often the dialogue work is followed up, in months, and the periods that makes.
FOLLOW_UP_RHYTHMS = [
    (6, _("Twice a year: the interim report (January to August) and the annual report")),
    (12, _("Yearly, in the annual report")),
    (48, _("Once per term of office")),
]


def default_delegable_points() -> list[str]:
    """The backbone: a body's order may delegate what the law lets it (not the final decision)."""
    return ["mandate", "launch"]


class PolicyProfile(models.Model):
    """What a municipality's dialogue policy decides differently from the others.

    A profile hangs on the dialogue policy in the register (`policy_document`). A dialogue takes
    the profile in force on the day it starts and keeps it (`Dialogue.policy_profile`), so a new
    policy changes the rules for dialogues started after its valid-from date only.
    """

    class MandateDecider(models.TextChoices):
        ANY_POLITICAL_BODY = "any_political_body", _("Any political body")
        EXECUTIVE_BOARD = "executive_board", _("The executive board (KS)")
        COUNCIL = "council", _("The municipal council (KF)")
        INITIATING_BODY = "initiating_body", _("The body responsible for the dialogue")
        STANCE_ONLY = (
            "stance_only",
            _("No formal decision: the responsible official records the politicians' stance"),
        )

    class LaunchDecider(models.TextChoices):
        DECISION = "decision", _("A decision of the responsible body")
        PRESIDIUM = "presidium", _("The plan is presented to the presidium")

    class UserDialogueDecider(models.TextChoices):
        # Brukardialog is run and acted on by the administration [HAN][FOR][HAG].
        ADMINISTRATION = (
            "administration",
            _("Within the administration that owns it (its head, or a delegate)"),
        )
        POLITICAL_BODY = "political_body", _("By a political body, as a citizen dialogue")

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The policy the profile is built from."),
    )
    policy_document = models.ForeignKey(
        SteeringDocument,
        verbose_name=_("dialogue policy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policy_profiles",
        help_text=_("The dialogue policy in the register that this profile puts into practice."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=False,
        help_text=_(
            "The profile new dialogues follow when no dialogue policy in the register is in force."
        ),
    )
    mandate_decided_by = models.CharField(
        _("who decides the mandate"),
        max_length=30,
        choices=MandateDecider.choices,
        default=MandateDecider.INITIATING_BODY,
    )
    launch_decided_by = models.CharField(
        _("how the launch is decided"),
        max_length=20,
        choices=LaunchDecider.choices,
        default=LaunchDecider.DECISION,
    )
    initiative_questions = models.JSONField(
        _("questions asked at the initiative"),
        default=list,
        blank=True,
        help_text=_("Keys of the questions the political body answers before a dialogue."),
    )
    lowest_participation_level = models.CharField(
        _("lowest allowed participation level"), max_length=20, blank=True
    )
    always_consider_groups = models.JSONField(
        _("groups that must always be considered"), default=list, blank=True
    )
    # Two things a policy says about following up (issue 16): how often the dialogue work is
    # followed up (Solna: "följs upp och utvärderas årligen", Hagfors: "årligen i samband med
    # bokslutsprocessen"), which drives the follow-up and the clerk's reminder; and how often
    # the policy itself is reviewed (Haninge: "en gång per mandatperiod", Hagfors: "varje ny
    # mandatperiod").
    follow_up_rhythm_months = models.PositiveSmallIntegerField(
        _("follow-up of dialogue work every (months)"),
        choices=FOLLOW_UP_RHYTHMS,
        default=12,
        help_text=_(
            "6: in the interim report (January to August) and the annual report; 12: yearly; "
            "48: once per term of office."
        ),
    )
    policy_review_interval_months = models.PositiveSmallIntegerField(
        _("the policy is reviewed every (months)"),
        null=True,
        blank=True,
        help_text=_("Empty when the policy sets no interval (48: once per term of office)."),
    )
    activity_evaluation_required = models.BooleanField(
        _("each held activity is evaluated"),
        default=False,
        help_text=_("A short evaluation of every held activity before the compilation [HAG]."),
    )
    feedback_plan_required_at_mandate = models.BooleanField(
        _("feedback plan required in the mandate"), default=True
    )
    reminder_after_days = models.PositiveSmallIntegerField(
        _("remind about decision points waiting longer than (days)"), default=30
    )
    # -- Delegation (kommunallagen 6 kap 37-40 §§): which points a body's delegation order may
    # hand to a delegate under this policy. The law's limits apply whatever is ticked here.
    delegable_points = models.JSONField(
        _("decision points that may be decided by delegation"),
        default=default_delegable_points,
        blank=True,
        help_text=_(
            "The points a body's delegation order may delegate under this policy. The final "
            "decision and the council's decisions can never be delegated."
        ),
    )
    delegation_to_officials = models.BooleanField(
        _("points may be delegated to officials"),
        default=True,
        help_text=_(
            "Off where the policy says the politicians always decide: only the presidium, the "
            "chair or a sub-committee may then decide by delegation."
        ),
    )
    user_dialogue_decided_by = models.CharField(
        _("who decides a user dialogue"),
        max_length=20,
        choices=UserDialogueDecider.choices,
        default=UserDialogueDecider.ADMINISTRATION,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("policy profile")
        verbose_name_plural = _("policy profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_policy_profile"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_label(self) -> str:
        """The profile as the municipality's policy, for the interface, e.g. "Exempelby kommuns
        policy för medborgardialog, KF 2025-02-10 § 12, enligt Sandvikens modell". Never the
        preset's internal source note."""
        from ..profiles import PRESET_MODELS, swedish_genitive

        municipality = swedish_genitive(settings.MUNICIPALITY_NAME)
        model = PRESET_MODELS.get(self.key, "")
        document = self.policy_document
        if document is not None:
            title = document.title[:1].lower() + document.title[1:]
            policy = f"{municipality} {title}"
            decision = " ".join(
                part
                for part in (
                    document.adopting_body.code if document.adopting_body_id else "",
                    document.decision_date.isoformat() if document.decision_date else "",
                    f"§ {document.paragraph}" if document.paragraph else "",
                )
                if part
            )
            if decision:
                policy = f"{policy}, {decision}"
        else:
            policy = _("%(municipality)s rules for citizen dialogue") % {
                "municipality": municipality
            }
        if not model:
            return str(policy)
        # The genitive is Swedish ("Sandvikens"): the UI is Swedish, the names are Swedish.
        return _("%(policy)s, following %(model_genitive)s model") % {
            "policy": policy,
            "model_genitive": swedish_genitive(model),
        }

    def delegable_points_refusal(self) -> str:
        """Why the ticked delegable points cannot stand under the law or this profile's own
        rules, or "" when they can."""
        from .delegation import DECISION_POINTS, FINAL, LAUNCH, MANDATE, point_reserved_reason

        points = self.delegable_points
        known = {value for value, _label in DECISION_POINTS}
        if not isinstance(points, list) or any(p not in known for p in points):
            return str(_("Unknown decision point; choose from the list."))
        if FINAL in points:
            return point_reserved_reason(FINAL)
        if MANDATE in points:
            if self.mandate_decided_by == self.MandateDecider.COUNCIL:
                return str(
                    _(
                        "The municipal council decides the mandate under this profile, and the "
                        "council's matters cannot be delegated (kommunallagen 5 kap 1 §)."
                    )
                )
            if self.mandate_decided_by == self.MandateDecider.STANCE_ONLY:
                return str(
                    _(
                        "No formal decision is taken on the mandate under this profile (the "
                        "politicians' stance is noted): there is nothing to delegate."
                    )
                )
        if LAUNCH in points and self.launch_decided_by == self.LaunchDecider.PRESIDIUM:
            return str(
                _(
                    "The launch is a presentation to the presidium under this profile, not a "
                    "decision: there is nothing to delegate."
                )
            )
        return ""

    @property
    def is_in_use(self) -> bool:
        """Dialogues run under it: its rules may no longer change (make a new profile)."""
        return self.pk is not None and self.dialogues.exists()

    def clean(self):
        from ..profiles import CONSIDERABLE_GROUPS, INITIATIVE_QUESTIONS, PARTICIPATION_LADDER

        errors = {}
        questions = self.initiative_questions
        if not isinstance(questions, list) or any(q not in INITIATIVE_QUESTIONS for q in questions):
            errors["initiative_questions"] = _("Unknown question; choose from the list.")
        groups = self.always_consider_groups
        if not isinstance(groups, list) or any(g not in CONSIDERABLE_GROUPS for g in groups):
            errors["always_consider_groups"] = _("Unknown target group; choose from the list.")
        if self.lowest_participation_level and (
            self.lowest_participation_level not in PARTICIPATION_LADDER
        ):
            errors["lowest_participation_level"] = _("Unknown participation level.")
        if self.policy_review_interval_months == 0:
            errors["policy_review_interval_months"] = _("Give a number of months above zero.")
        if self.reminder_after_days == 0:
            errors["reminder_after_days"] = _("Give a number of days above zero.")
        reason = self.delegable_points_refusal()
        if reason:
            errors["delegable_points"] = reason
        if errors:
            raise ValidationError(errors)

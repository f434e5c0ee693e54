"""The tjänsteskrivelse (the decision basis) of each decision point: the administration's own
texts per dialogue and point (`CaseMemo`), and the versions frozen when the point is submitted
(`CaseMemoVersion`).

For the final decision the proposal's numbered points and its consequences for the economy,
children's rights, equality and the environment are the proposal's (`Proposal`), never
written twice; the memo of the final point holds only what the proposal lacks.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.people import person_label
from roles.models import Body, Membership

from .dialogue import Dialogue
from .states import ACTIVE_STATES, DecisionPoint, State

__all__ = ["CaseMemo", "CaseMemoVersion", "memo_editable", "memo_missing"]

# The state a point is submitted into: the memo is frozen then.
SUBMITTED_STATE = {
    DecisionPoint.MANDATE: State.MANDATE_DECISION,
    DecisionPoint.LAUNCH: State.LAUNCH_DECISION,
    DecisionPoint.FINAL: State.DECISION,
}


def point_submitted(dialogue: Dialogue, point: str) -> bool:
    """Whether the dialogue has gone past the submission of `point` (at its decision or later).

    An ended dialogue counts as submitted: nothing of it is edited any more."""
    if dialogue.state not in ACTIVE_STATES:
        return True
    return ACTIVE_STATES.index(dialogue.state) >= ACTIVE_STATES.index(SUBMITTED_STATE[point])


def memo_editable(dialogue: Dialogue, point: str) -> bool:
    """The memo of `point` is written until the point is submitted, and again after a return
    for revision (the dialogue is then back before the point)."""
    return not point_submitted(dialogue, point)


def administration_of(dialogue: Dialogue) -> Body | None:
    """The administration (förvaltning) the responsible official works in: the header of the
    tjänsteskrivelse names it."""
    bodies = [
        m.body
        for m in Membership.objects.active()
        .officials()
        .filter(person_id=dialogue.responsible_official_id)
        .select_related("body")
        .order_by("pk")
    ]
    # An administration, or the municipal company the official works in.
    administrations = [b for b in bodies if b.is_operating]
    return next(iter(administrations or bodies), None)


def head_of(administration: Body | None) -> str:
    """The name of the administration's head (förvaltningschef), who co-signs the memo."""
    if administration is None:
        return ""
    head = (
        Membership.objects.active()
        .filter(body=administration, role=Membership.Role.HEAD_OF_ADMINISTRATION)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return person_label(head.person) if head else ""


class CaseMemo(models.Model):
    """The administration's texts of one decision point's tjänsteskrivelse."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="case_memos")
    point = models.CharField(_("decision point"), max_length=20, choices=DecisionPoint.choices)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("A few sentences: what the matter is and what is proposed."),
    )
    proposed_decisions = models.TextField(
        _("proposal for decision"),
        blank=True,
        help_text=_(
            "One point per line, as the decision will read, e.g. “to give the administration "
            "the task of …”. The points are numbered in the document."
        ),
    )
    matter = models.TextField(
        _("the matter"),
        blank=True,
        help_text=_("A description of the matter: how it arose and what it concerns."),
    )
    assessment = models.TextField(
        _("the administration's assessment"),
        blank=True,
        help_text=_("The administration's own assessment, on which its proposal rests."),
    )
    economy = models.TextField(_("economic consequences"), blank=True)
    children_rights = models.TextField(
        _("child rights assessment"),
        blank=True,
        help_text=_(
            "How children are affected by the decision and how they are heard, as the UN "
            "Convention on the Rights of the Child (Swedish law since 2020) asks."
        ),
    )
    equality = models.TextField(_("consequences for equality"), blank=True)
    environment = models.TextField(_("environmental consequences"), blank=True)
    minorities_concerned = models.BooleanField(
        _("does the matter concern the national minorities?"), null=True, blank=True
    )
    minorities = models.TextField(
        _("national minorities"),
        blank=True,
        help_text=_(
            "Where the matter concerns a national minority, how its representatives have been "
            "consulted (samråd, Act on National Minorities and Minority Languages 2009:724, "
            "section 5)."
        ),
    )
    distribution = models.TextField(
        _("the decision is sent to"),
        blank=True,
        help_text=_("One recipient per line (expediering)."),
    )
    head_of_administration = models.CharField(
        _("head of administration"),
        max_length=200,
        blank=True,
        help_text=_("The name printed on the head of administration's name line."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    # Filled from the proposal for the final decision (dialog.models.Proposal).
    PROPOSAL_FIELDS = (
        "proposed_decisions",
        "economy",
        "children_rights",
        "equality",
        "environment",
    )

    class Meta:
        verbose_name = _("decision memo")
        verbose_name_plural = _("decision memos")
        ordering = ["dialogue", "point"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "point"], name="case_memo_unique_point")
        ]

    def __str__(self) -> str:
        return f"{self.dialogue}: {self.get_point_display()}"

    @classmethod
    def editable_fields(cls, point: str) -> list[str]:
        names = [
            "summary",
            "proposed_decisions",
            "matter",
            "assessment",
            "economy",
            "children_rights",
            "equality",
            "environment",
            "minorities_concerned",
            "minorities",
            "distribution",
            "head_of_administration",
        ]
        if point == DecisionPoint.FINAL:
            names = [n for n in names if n not in cls.PROPOSAL_FIELDS]
        return names

    @property
    def decision_lines(self) -> list[str]:
        """The proposal's points, one per non-empty line."""
        return [line.strip() for line in self.proposed_decisions.splitlines() if line.strip()]

    @property
    def recipients(self) -> list[str]:
        return [line.strip() for line in self.distribution.splitlines() if line.strip()]

    def clean(self):
        if self.minorities_concerned and not self.minorities.strip():
            raise ValidationError(
                {
                    "minorities": _(
                        "Describe how the national minorities concerned have been consulted, or "
                        "will be, before the decision."
                    )
                }
            )

    def missing(self) -> list[str]:
        """What the tjänsteskrivelse needs before the point is submitted."""
        missing = []
        if not self.summary.strip():
            missing.append(gettext("a summary"))
        if self.point != DecisionPoint.FINAL:
            if not self.decision_lines:
                missing.append(gettext("at least one point in the proposal for decision"))
            if not self.children_rights.strip():
                missing.append(
                    gettext(
                        "the child rights assessment: how children are affected and how they "
                        "are heard"
                    )
                )
        if not self.assessment.strip():
            missing.append(gettext("the administration's assessment"))
        if self.minorities_concerned and not self.minorities.strip():
            missing.append(gettext("how the national minorities concerned are consulted"))
        return missing


def memo_missing(dialogue: Dialogue, point: str) -> list[str]:
    """What the tjänsteskrivelse of `point` lacks before the point is submitted, each item
    said as part of the decision memo."""
    memo = next((m for m in dialogue.case_memos.all() if m.point == point), None)
    if memo is None:
        return [
            gettext("the decision memo (tjänsteskrivelse) for the %(point)s has not been written")
            % {"point": DecisionPoint(point).label.lower()}
        ]
    return [gettext("in the decision memo: %(what)s") % {"what": item} for item in memo.missing()]


class CaseMemoVersion(models.Model):
    """The tjänsteskrivelse as it was submitted: frozen, dated and never changed.

    `content` is the memo's texts and the sections built from the case (the dialogue with
    residents, the documents the decision rests on) as they were printed at the submission."""

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.PROTECT, related_name="case_memo_versions"
    )
    point = models.CharField(_("decision point"), max_length=20, choices=DecisionPoint.choices)
    number = models.PositiveIntegerField(_("version"))
    frozen_at = models.DateTimeField(_("frozen at"))
    frozen_on = models.DateField(_("date"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("frozen decision memo")
        verbose_name_plural = _("frozen decision memos")
        ordering = ["dialogue", "point", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "point", "number"], name="case_memo_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dialogue}: {self.get_point_display()} v{self.number} ({self.frozen_on})"

    def save(self, *args, **kwargs):
        # Frozen means frozen: a version is written once.
        if not self._state.adding:
            raise ValueError("A frozen decision memo is never changed; freeze a new version.")
        super().save(*args, **kwargs)

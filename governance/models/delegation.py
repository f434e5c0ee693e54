"""A body's delegation order (delegationsordning): which decision points of a dialogue may be
decided on the body's behalf, and by whom (kommunallagen 6 kap 37-40 §§).

The law decides what can never be delegated, whatever the order says: the council's matters
(5 kap 1 §) and a body's goals and direction (6 kap 38 § 1): a point that tries is refused with
that reason on the field. The policy profile narrows further (`PolicyProfile.delegable_points`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roles.models import Body, Membership

from .documents import SteeringDocument

__all__ = [
    "DECISION_POINTS",
    "DelegationOrder",
    "DelegationPoint",
    "is_under_council",
    "point_reserved_reason",
]

# The dialogue's decision points, by the same values as `dialog.models.DecisionPoint` (governance
# must not import dialog; a test keeps them in step).
MANDATE, LAUNCH, FINAL = "mandate", "launch", "final"
DECISION_POINTS = [
    (MANDATE, _("Mandate")),
    (LAUNCH, _("Launch")),
    (FINAL, _("Final decision")),
]


def is_under_council(body: Body | None) -> bool:
    """The council itself, or its presidium or a sub-committee of it: the council's matters."""
    if body is None:
        return False
    if body.kind == Body.Kind.COUNCIL:
        return True
    parent = body.parent
    return (
        body.kind in (Body.Kind.PRESIDIUM, Body.Kind.SUBCOMMITTEE)
        and parent is not None
        and parent.kind == Body.Kind.COUNCIL
    )


def point_reserved_reason(point: str) -> str:
    """Why kommunallagen keeps `point` from being delegated by any body, or "" if it does not."""
    if point == FINAL:
        return str(
            _(
                "The final decision settles what the body does with the dialogue's result: its "
                "goals and direction, which cannot be delegated (kommunallagen 6 kap 38 § 1)."
            )
        )
    return ""


def council_reason() -> str:
    return str(
        _(
            "The municipal council's matters cannot be delegated by a delegation order "
            "(kommunallagen 5 kap 1 §): the council decides them at its meeting."
        )
    )


class DelegationOrder(models.Model):
    """One body's delegation order: its Delegationsordning in the register, and its points."""

    body = models.OneToOneField(
        Body,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="delegation_order",
    )
    document = models.ForeignKey(
        SteeringDocument,
        verbose_name=_("delegation order in the register"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegation_orders",
        help_text=_(
            "The body's adopted Delegationsordning. An administration's further delegation from "
            "its head (kommunallagen 7 kap 6 §) may have none."
        ),
    )
    chair_decides_urgent_matters = models.BooleanField(
        _("the chair may decide urgent matters"),
        default=True,
        help_text=_(
            "Kommunallagen 6 kap 39 §: the chair decides matters so urgent that the body's "
            "meeting cannot be awaited; the vice chair while the chair is marked absent. "
            "Reported at the next meeting."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["body__name"]
        verbose_name = _("delegation order")
        verbose_name_plural = _("delegation orders")

    def __str__(self) -> str:
        return str(_("Delegation order of %(body)s") % {"body": self.body.name})

    def point_for(self, point: str):
        return next((p for p in self.points.all() if p.point == point), None)

    def clean(self):
        errors = {}
        if self.body_id:
            if is_under_council(self.body):
                errors["body"] = council_reason()
            elif self.body.is_political:
                document = self.document
                if document is None:
                    errors["document"] = _(
                        "A political body delegates by its adopted Delegationsordning: choose it "
                        "from the register."
                    )
                elif (
                    "delegationsordning"
                    not in (document.type.name if document.type_id else "").casefold()
                ):
                    errors["document"] = _("Choose a document of the type Delegationsordning.")
                elif document.adopting_body_id != self.body_id:
                    errors["document"] = _(
                        "A body's delegation order is adopted by the body itself: this document "
                        "was adopted by another body."
                    )
            elif self.chair_decides_urgent_matters:
                errors["chair_decides_urgent_matters"] = _(
                    "An administration or municipal company has no chair: only a political "
                    "body's chair decides urgent matters (kommunallagen 6 kap 39 §)."
                )
        if errors:
            raise ValidationError(errors)


class DelegationPoint(models.Model):
    """One point of a delegation order: a dialogue's decision point, delegated to someone."""

    class Delegate(models.TextChoices):
        PRESIDIUM = "presidium", _("The body's presidium")
        CHAIR = "chair", _("The chair")
        SUBCOMMITTEE = "utskott", _("A sub-committee (utskott) of the body")
        ROLE = "role", _("A named role in an administration")

    # Employees may be delegates (kommunallagen 7 kap 5 §); the roles that can be named.
    DELEGATE_ROLES = Membership.OFFICIAL_ROLES

    order = models.ForeignKey(
        DelegationOrder,
        verbose_name=_("delegation order"),
        on_delete=models.CASCADE,
        related_name="points",
    )
    point = models.CharField(_("decision point"), max_length=20, choices=DECISION_POINTS)
    delegate = models.CharField(_("delegate"), max_length=20, choices=Delegate.choices)
    delegate_body = models.ForeignKey(
        Body,
        verbose_name=_("delegate body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegated_points",
        help_text=_(
            "The presidium or sub-committee that decides; for a named role, the administration "
            "where the role is held."
        ),
    )
    delegate_role = models.CharField(
        _("delegate role"),
        max_length=20,
        blank=True,
        choices=[(r.value, r.label) for r in DELEGATE_ROLES],
    )
    reference = models.CharField(
        _("reference"), max_length=20, help_text=_("The point's number in the order, e.g. 3.2.")
    )
    text = models.TextField(_("text of the point"), help_text=_("As the order words it."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "reference", "pk"]
        verbose_name = _("delegation point")
        verbose_name_plural = _("delegation points")
        constraints = [
            # One delegate per decision point: the delegation decision quotes exactly one point.
            models.UniqueConstraint(fields=["order", "point"], name="delegation_point_once"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_point_display()}: {self.delegate_display}"

    @property
    def delegate_display(self) -> str:
        if self.delegate == self.Delegate.ROLE:
            role = dict(Membership.Role.choices).get(self.delegate_role, self.delegate_role)
            body = self.delegate_body.name if self.delegate_body_id else ""
            return f"{role}, {body}" if body else str(role)
        if self.delegate == self.Delegate.CHAIR:
            return str(_("The chair of %(body)s") % {"body": self.order.body.name})
        return self.delegate_body.name if self.delegate_body_id else self.get_delegate_display()

    @property
    def is_to_officials(self) -> bool:
        return self.delegate == self.Delegate.ROLE

    def quote(self) -> str:
        """The point as the delegation decision quotes it (frozen into the decision)."""
        order = self.order
        source = order.document.title if order.document_id else str(order)
        return f"{source}, punkt {self.reference}: {self.text} ({self.delegate_display})"

    def clean(self):
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        # An inline form's unsaved order is set but has no id yet.
        order = getattr(self, "order", None)
        body = order.body if order is not None and order.body_id else None
        if body is not None and is_under_council(body):
            add("point", council_reason())
        elif reserved := point_reserved_reason(self.point):
            add("point", reserved)
        self._clean_delegate(body, add)
        if errors:
            raise ValidationError(errors)

    def _clean_delegate(self, body, add):
        D = self.Delegate
        delegate_body = self.delegate_body if self.delegate_body_id else None
        if self.delegate != D.ROLE and self.delegate_role:
            add("delegate_role", _("Only a named role is given a role."))
        if body is not None and not body.is_political and self.delegate != D.ROLE:
            add(
                "delegate",
                _(
                    "Within an administration or municipal company only a named role decides "
                    "(kommunallagen 7 kap 6 §)."
                ),
            )
            return
        if self.delegate == D.CHAIR:
            if delegate_body is not None:
                add("delegate_body", _("The chair decides for the body itself: leave this empty."))
        elif self.delegate in (D.PRESIDIUM, D.SUBCOMMITTEE):
            kind = Body.Kind.PRESIDIUM if self.delegate == D.PRESIDIUM else Body.Kind.SUBCOMMITTEE
            if delegate_body is None:
                add("delegate_body", _("Choose the body that decides."))
            elif delegate_body.kind != kind or (
                body is not None and delegate_body.parent_id != body.pk
            ):
                add(
                    "delegate_body",
                    _("Choose a %(kind)s under %(body)s.")
                    % {
                        "kind": Body.Kind(kind).label.lower(),
                        "body": body.name if body is not None else "—",
                    },
                )
        elif self.delegate == D.ROLE:
            if not self.delegate_role:
                add(
                    "delegate_role", _("Choose the role that decides, e.g. head of administration.")
                )
            # A political body delegates to a role in one of the municipality's administrations
            # (kommunallagen 6 kap 37 §: an employee of the municipality, which a company's staff
            # are not); an administration or a company delegates within itself.
            within_itself = (
                delegate_body is not None
                and body is not None
                and body.is_operating
                and delegate_body.pk == body.pk
            )
            if delegate_body is None or not (
                delegate_body.kind == Body.Kind.ADMINISTRATION or within_itself
            ):
                add("delegate_body", _("Choose the administration where the role is held."))
            elif body is not None and not body.is_political and delegate_body.pk != body.pk:
                add(
                    "delegate_body",
                    _(
                        "An administration or municipal company delegates within itself: "
                        "choose %(body)s."
                    )
                    % {"body": body.name},
                )

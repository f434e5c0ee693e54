"""Bodies (organ) of the municipality and people's memberships in them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.people import person_label


class Body(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "fullmaktige", _("Municipal council")
        EXECUTIVE_BOARD = "styrelse", _("Executive board")
        COMMITTEE = "namnd", _("Committee")
        SUBCOMMITTEE = "utskott", _("Sub-committee")
        PRESIDIUM = "presidium", _("Presidium")
        ADMINISTRATION = "forvaltning", _("Administration")
        # A municipal company (kommunalt bolag, issue 16): owned by the municipality, run by its
        # board and managing director under the company's articles (bolagsordning) and the
        # owner's directives (ägardirektiv), which the council adopts.
        COMPANY = "bolag", _("Municipal company")

    # Political bodies take the municipality's decisions; an administration (förvaltning) never
    # does, nor does a municipal company: its board is not one of the municipality's bodies.
    POLITICAL_KINDS = (
        Kind.COUNCIL,
        Kind.EXECUTIVE_BOARD,
        Kind.COMMITTEE,
        Kind.SUBCOMMITTEE,
        Kind.PRESIDIUM,
    )
    # The organisations officials work in: they own steering documents, run user dialogues
    # (brukardialog) and decide them within themselves, by their head or a delegate [SAN: "den
    # förvaltning/verksamhet/bolag som beslutat om medborgardialogen"].
    OPERATING_KINDS = (Kind.ADMINISTRATION, Kind.COMPANY)

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("short code"),
        max_length=12,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-ZÅÄÖ][A-ZÅÄÖ0-9-]*$",
                _("Use capital letters, digits and hyphens only, e.g. KS or BUN."),
            )
        ],
        help_text=_("Used in case numbers, e.g. KS in KS 2026/14."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Whose diarium registers this body's cases: the council's matters are registered in the
    # executive board's diarium in most municipalities. Empty: the body's own.
    registered_in = models.ForeignKey(
        "self",
        verbose_name=_("registered in the diarium of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registers_for",
        help_text=_(
            "The body whose diarium registers this body's cases and whose code begins their "
            "case numbers, e.g. the executive board for the council. Empty: its own."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_political(self) -> bool:
        return self.kind in self.POLITICAL_KINDS

    @property
    def is_operating(self) -> bool:
        """An administration or a municipal company: where officials work (OPERATING_KINDS)."""
        return self.kind in self.OPERATING_KINDS

    @property
    def diarium_body(self) -> "Body":
        """The body whose diarium registers this body's cases (itself unless configured)."""
        return self.registered_in if self.registered_in_id else self

    def clean(self):
        if self.registered_in_id:
            if self.registered_in_id == self.pk:
                raise ValidationError(
                    {"registered_in": _("Leave this empty when the body has its own diarium.")}
                )
            if self.registered_in.registered_in_id:
                # One step only: the registrars and the series are the diarium body's own.
                raise ValidationError(
                    {
                        "registered_in": _(
                            "%(body)s registers its cases in another body's diarium: choose "
                            "a body with a diarium of its own."
                        )
                        % {"body": self.registered_in.name}
                    }
                )
            if self.pk and Body.objects.filter(registered_in_id=self.pk).exists():
                raise ValidationError(
                    {
                        "registered_in": _(
                            "Other bodies register their cases in this body's diarium: it "
                            "keeps a diarium of its own."
                        )
                    }
                )
        # Walk up the parents: a body may not be its own ancestor.
        seen = {self.pk} if self.pk else set()
        node = self.parent
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("A body cannot be placed under itself.")})
            seen.add(node.pk)
            node = node.parent


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        day = on or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def politicians(self):
        return self.filter(role__in=Membership.POLITICIAN_ROLES)

    def officials(self):
        return self.filter(role__in=Membership.OFFICIAL_ROLES)

    def secretaries(self):
        return self.filter(role=Membership.Role.SECRETARY)

    def registrars(self):
        return self.filter(role=Membership.Role.REGISTRAR)


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "ordforande", _("Chair")
        VICE_CHAIR = "vice_ordforande", _("Vice chair")
        MEMBER = "ledamot", _("Member")
        DEPUTY = "ersattare", _("Deputy member")
        HEAD_OF_ADMINISTRATION = "forvaltningschef", _("Head of administration")
        OFFICIAL = "tjansteperson", _("Official")
        # Keeps the meetings and the minutes (nämndsekreterare). Registering cases in the diarium
        # is the registrar's (registrator); one person may hold both roles.
        SECRETARY = "namndsekreterare", _("Committee secretary")
        REGISTRAR = "registrator", _("Registrar")

    POLITICIAN_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.DEPUTY)
    OFFICIAL_ROLES = (Role.HEAD_OF_ADMINISTRATION, Role.OFFICIAL)

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body__name", "role", "person__last_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_to_after_valid_from",
            )
        ]

    def __str__(self) -> str:
        return f"{person_label(self.person)}, {self.get_role_display()} ({self.body.code})"

    def clean(self):
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})
        if self.role in self.POLITICIAN_ROLES and self.body_id and not self.body.is_political:
            if self.body.kind == Body.Kind.COMPANY:
                message = _(
                    "Elected roles belong to the municipality's political bodies, not to a "
                    "municipal company."
                )
            else:
                message = _("Elected roles belong to political bodies, not to an administration.")
            raise ValidationError({"role": message})

"""The register of steering documents (styrdokument) and the configuration of their types.

Document types are configuration, not code: the municipalities' rules differ (Forshaga lets the
chief executive adopt guidelines, Solna has the executive board adopt them), so the hierarchy rank,
the adopting level and the default validity of each type live in `DocumentType` rows that the
administrator edits. The policy profile (issue 3) should later own or override them.
"""

import calendar
import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roles.models import Body

_WORD = re.compile(r"^\w+$")


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


# Steering documents are text: 20 MB is generous, and keeps uploads from filling the disk.
MAX_PDF_BYTES = 20 * 1024 * 1024


def validate_pdf(file) -> None:
    """The uploaded file must really be a PDF (the magic bytes, not only the name), and at most
    MAX_PDF_BYTES."""
    if file is None:
        return
    size = getattr(file, "size", None)
    if size is not None and size > MAX_PDF_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; a steering document may be at most %(max)s MB."),
            code="too_large",
            params={"size": round(size / 1024 / 1024, 1), "max": MAX_PDF_BYTES // 1024 // 1024},
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        head = file.read(5)
    finally:
        if position is not None:
            file.seek(position)
    if head != b"%PDF-":
        raise ValidationError(_("The file is not a PDF document."), code="not_pdf")


class DocumentType(models.Model):
    """A kind of steering document and its place in the hierarchy (configuration)."""

    class Category(models.TextChoices):
        POLITICAL = "political", _("Political document")
        OFFICIALS = "officials", _("Officials' document")

    name = models.CharField(_("name"), max_length=60, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("rank in the hierarchy"),
        help_text=_(
            "Higher number = higher level. A document may only concretise a document of a "
            "strictly higher rank."
        ),
    )
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.POLITICAL
    )
    adopted_by_kinds = models.JSONField(
        _("adopted by"),
        default=list,
        blank=True,
        help_text=_("The kinds of body that may adopt this type. Empty = any body."),
    )
    needs_political_decision = models.BooleanField(_("needs a political decision"), default=True)
    default_validity_months = models.PositiveSmallIntegerField(
        _("default validity (months)"),
        null=True,
        blank=True,
        help_text=_("Empty = until further notice. 48 months = one term of office."),
    )
    title_words = models.TextField(
        _("words in titles"),
        blank=True,
        help_text=_(
            "Comma-separated word forms that identify this type in a title when importing, "
            "e.g. riktlinje, riktlinjen, riktlinjer, riktlinjerna."
        ),
    )
    matches_compounds = models.BooleanField(
        _("also matches compound words"),
        default=True,
        help_text=_("E.g. 'Kommunikationspolicy' is a policy. Off for words like 'vision'."),
    )
    description = models.TextField(_("description"), blank=True)
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_(
            "The line of the municipality's own rules (the seed policy) this type's place and "
            "adopting level come from, quoted, so that anyone can check it."
        ),
    )

    class Meta:
        ordering = ["-rank", "name"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self) -> str:
        return self.name

    @property
    def words(self) -> list[str]:
        found = [w.strip().lower() for w in self.title_words.split(",")]
        return [w for w in found if w]

    @property
    def is_until_further_notice(self) -> bool:
        return self.default_validity_months is None

    def adopting_kinds_display(self) -> str:
        labels = dict(Body.Kind.choices)
        return ", ".join(str(labels.get(k, k)) for k in self.adopted_by_kinds)

    def clean(self):
        errors = {}
        valid_kinds = set(Body.Kind.values)
        kinds = self.adopted_by_kinds or []
        if not isinstance(kinds, list) or any(k not in valid_kinds for k in kinds):
            errors["adopted_by_kinds"] = _("Unknown kind of body.")
        elif self.needs_political_decision and set(kinds) & set(Body.OPERATING_KINDS):
            errors["adopted_by_kinds"] = _(
                "A type that needs a political decision cannot be adopted by an administration "
                "or a municipal company."
            )
        bad = [w for w in self.words if not _WORD.match(w)]
        if bad:
            errors["title_words"] = _("Use single words only: %(words)s") % {
                "words": ", ".join(bad)
            }
        if errors:
            raise ValidationError(errors)

    def allows_body(self, body: Body) -> bool:
        if self.needs_political_decision and not body.is_political:
            return False
        return not self.adopted_by_kinds or body.kind in self.adopted_by_kinds


class Keyword(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")

    def __str__(self) -> str:
        return self.name


# Kept by name so that the services can write one history row (with the keywords and the
# replaced documents) for a save that also changes those relations, instead of one per relation.
DOCUMENT_HISTORY = HistoricalRecords(m2m_fields=["keywords", "replaces", "goals"])


class ShownStatus(models.TextChoices):
    """The status the register shows: computed from the stored status and the dates, on a day.

    The stored status records decisions (drafted, adopted, replaced by a decision, revoked);
    whether a document applies today depends on the dates: a replaced document applies until
    its successor's valid-from date, an adopted one from its own.
    """

    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("To review")
    UPCOMING = "upcoming", _("Adopted, not yet in force")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("No longer in force")
    REPLACED = "replaced", _("Replaced")
    REVOKED = "revoked", _("Revoked")


def _applies_by(on: date) -> Q:
    """A document's valid-from date (or, lacking it, its decision date) is on or before `on`."""
    return Q(valid_from__lte=on) | Q(valid_from__isnull=True, decision_date__lte=on)


class SteeringDocumentQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(status=SteeringDocument.Status.ADOPTED)

    def with_shown_status(self, on: date | None = None):
        """Annotate `shown_status` (a ShownStatus value) as of `on`, today by default: one
        expression in the same query, so a list filtered or paged on it costs no more queries."""
        from django.utils import timezone

        on = on or timezone.localdate()
        Status = SteeringDocument.Status
        successor_applies = SteeringDocument.objects.filter(
            replaces=OuterRef("pk"),
            status__in=[Status.ADOPTED, Status.REPLACED, Status.REVOKED],
        ).filter(_applies_by(on))
        return self.annotate(
            shown_status=Case(
                When(status=Status.REVOKED, then=Value(ShownStatus.REVOKED)),
                When(status=Status.DRAFT, then=Value(ShownStatus.DRAFT)),
                # Imported titles: no decision recorded, or flagged by the import.
                When(
                    Q(needs_review=True) | Q(decision_date__isnull=True),
                    then=Value(ShownStatus.REVIEW),
                ),
                When(Exists(successor_applies), then=Value(ShownStatus.REPLACED)),
                When(
                    Q(valid_from__gt=on) | Q(valid_from__isnull=True, decision_date__gt=on),
                    then=Value(ShownStatus.UPCOMING),
                ),
                When(valid_until__lt=on, then=Value(ShownStatus.EXPIRED)),
                default=Value(ShownStatus.IN_FORCE),
                output_field=models.CharField(max_length=10),
            )
        )

    def due_for_review(self, on: date):
        return self.in_force().filter(Q(revision_date__lte=on) | Q(next_follow_up_on__lte=on))


class SteeringDocument(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        REPLACED = "replaced", _("Replaced")
        REVOKED = "revoked", _("Revoked")

    title = models.CharField(_("title"), max_length=300)
    type = models.ForeignKey(
        DocumentType,
        verbose_name=_("document type"),
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
        help_text=_("Only imported documents flagged for review may lack a type."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    adopting_body = models.ForeignKey(
        Body,
        verbose_name=_("adopting body"),
        on_delete=models.PROTECT,
        related_name="adopted_documents",
        null=True,
        blank=True,
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    paragraph = models.CharField(_("paragraph (§)"), max_length=20, blank=True)
    case_number = models.CharField(_("case number"), max_length=40, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty = until further notice.")
    )
    adopted_because_of_law = models.BooleanField(_("adopted because of a law"), default=False)
    revision_date = models.DateField(_("revision date"), null=True, blank=True)
    owner_body = models.ForeignKey(
        Body,
        verbose_name=_("owning department"),
        on_delete=models.PROTECT,
        related_name="owned_documents",
        null=True,
        blank=True,
        limit_choices_to={"kind__in": Body.OPERATING_KINDS},
        help_text=_(
            "An administration, or a municipal company (its ägardirektiv, its bolagsordning)."
        ),
    )
    owner_role = models.CharField(_("document owner (role)"), max_length=120, blank=True)
    follow_up_by = models.CharField(_("followed up by"), max_length=120, blank=True)
    follow_up_interval_months = models.PositiveSmallIntegerField(
        _("follow-up interval (months)"), null=True, blank=True
    )
    followed_up_on = models.DateField(_("last followed up"), null=True, blank=True)
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True, editable=False)
    keywords = models.ManyToManyField(
        Keyword, verbose_name=_("keywords"), blank=True, related_name="documents"
    )
    goals = models.ManyToManyField(
        "governance.Goal",
        verbose_name=_("goals"),
        blank=True,
        related_name="steering_documents",
        help_text=_("The municipality's goals the document serves."),
    )
    replaces = models.ManyToManyField(
        "self",
        verbose_name=_("replaces"),
        symmetrical=False,
        blank=True,
        related_name="replaced_by",
    )
    concretises = models.ForeignKey(
        "self",
        verbose_name=_("concretises"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concretised_by",
    )
    file = models.FileField(
        _("file (PDF)"),
        upload_to="styrdokument/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
    )
    text = models.TextField(_("text"), blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_paragraph = models.CharField(_("revoking paragraph (§)"), max_length=20, blank=True)
    revoked_by_body = models.ForeignKey(
        Body,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        related_name="revoked_documents",
        null=True,
        blank=True,
    )
    needs_review = models.BooleanField(_("needs review"), default=False, db_index=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Keywords and replacements are part of the record: their changes are history rows too.
    history = DOCUMENT_HISTORY

    objects = SteeringDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("steering document")
        verbose_name_plural = _("steering documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="steeringdocument_valid_until_after_valid_from",
            ),
            models.CheckConstraint(
                condition=~Q(concretises=models.F("pk")),
                name="steeringdocument_not_concretising_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.next_follow_up_on = self.compute_next_follow_up()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "next_follow_up_on"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("governance:detail", args=[self.pk])

    def get_shown_status(self) -> str:
        """The ShownStatus value: the selectors' annotation, else one query for this row."""
        shown = getattr(self, "shown_status", None)
        if shown is None:
            if self.pk is None:
                return ShownStatus.DRAFT
            shown = (
                SteeringDocument.objects.with_shown_status()
                .values_list("shown_status", flat=True)
                .get(pk=self.pk)
            )
            self.shown_status = shown
        return shown

    def get_shown_status_display(self) -> str:
        return str(ShownStatus(self.get_shown_status()).label)

    @property
    def validity_text(self) -> str:
        """'Valid from 2024-01-01 until further notice' or '... until 2027-12-31'."""
        start = self.valid_from.isoformat() if self.valid_from else ""
        end = self.valid_until.isoformat() if self.valid_until else ""
        if start and end:
            return _("Valid from %(start)s until %(end)s") % {"start": start, "end": end}
        if start:
            return _("Valid from %(start)s until further notice") % {"start": start}
        if end:
            return _("Valid until %(end)s") % {"end": end}
        return _("Validity not recorded")

    def compute_next_follow_up(self) -> date | None:
        if not self.follow_up_interval_months:
            return None
        base = self.followed_up_on or self.valid_from or self.decision_date
        return add_months(base, self.follow_up_interval_months) if base else None

    def due_reasons(self, on: date) -> list[str]:
        reasons = []
        if self.revision_date and self.revision_date <= on:
            reasons.append(_("revision date passed"))
        if self.next_follow_up_on and self.next_follow_up_on <= on:
            reasons.append(_("follow-up due"))
        return reasons

    def ancestors(self):
        """The documents this one concretises, upwards; stops at a cycle instead of looping."""
        seen = {self.pk} if self.pk else set()
        node = self.concretises
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            yield node
            node = node.concretises

    def clean(self):
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if not self.type_id and not self.needs_review:
            add("type", _("Choose a document type."))
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            add("valid_until", _("The document cannot end before it starts to apply."))
        # The type's rules are checked when the type, the body or the link is chosen: a decision
        # recorded under earlier rules (another profile's types, issue 16) stays editable.
        stored = self._stored_choices()
        same_type = stored.get("type_id") == self.type_id
        body_chosen = not (same_type and stored.get("adopting_body_id") == self.adopting_body_id)
        link_chosen = not (same_type and stored.get("concretises_id") == self.concretises_id)
        if (
            body_chosen
            and self.type_id
            and self.adopting_body_id
            and not self.type.allows_body(self.adopting_body)
        ):
            if self.type.adopted_by_kinds:
                add(
                    "adopting_body",
                    _("A %(type)s is adopted by: %(kinds)s.")
                    % {"type": self.type.name, "kinds": self.type.adopting_kinds_display()},
                )
            else:
                add("adopting_body", _("A %(type)s needs a political body.") % {"type": self.type})
        if self.owner_body_id and not self.owner_body.is_operating:
            add(
                "owner_body",
                _("The owning department must be an administration or a municipal company."),
            )
        if self.concretises_id:
            self._clean_concretises(add, check_rank=link_chosen)
        if errors:
            raise ValidationError(errors)

    def _stored_choices(self) -> dict:
        """The stored type, adopting body and concretised document ({} for a new document)."""
        if self.pk is None:
            return {}
        found = (
            SteeringDocument.objects.filter(pk=self.pk)
            .values("type_id", "adopting_body_id", "concretises_id")
            .first()
        )
        return found or {}

    def _clean_concretises(self, add, *, check_rank: bool = True):
        parent = self.concretises
        if self.pk and parent.pk == self.pk:
            add("concretises", _("A document cannot concretise itself."))
            return
        seen = {self.pk} if self.pk else set()
        node = parent
        while node is not None:
            if node.pk in seen:
                add("concretises", _("This would make a cycle in the hierarchy."))
                return
            seen.add(node.pk)
            node = node.concretises
        if check_rank and self.type_id and parent.type_id and parent.type.rank <= self.type.rank:
            add(
                "concretises",
                _(
                    "A %(type)s can only concretise a document of a higher type; "
                    "%(parent)s is a %(parent_type)s."
                )
                % {"type": self.type.name, "parent": parent.title, "parent_type": parent.type.name},
            )

    def clean_replaces(self, replaced) -> None:
        """Check the documents this one is to replace (an M2M, so not part of clean())."""
        if self.pk and any(doc.pk == self.pk for doc in replaced):
            raise ValidationError({"replaces": _("A document cannot replace itself.")})

"""Generated PDF documents: immutable, versioned, with a checksum.

A `Report` row is created when someone asks for a document (status queued) and filled in by the
background task (running, then done with its file, or failed with the reason). Once done, a
report is never changed or deleted: generating again makes the next version of the same
(kind, subject), and the storage path carries the version, so no file is ever overwritten.
"""

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from dialog.models import Decision, DecisionPoint, Dialogue
from roles.models import Body


class ImmutableReport(Exception):
    """A finished report was about to be changed or deleted."""


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BackgroundJob(models.Model):
    """A piece of work a django-tasks task does (reports/jobs.py): queued when asked for, running
    once a worker takes it up, then done, or failed with the reason and ready to be tried again.

    `attempts` counts the times a worker took it up: an attempt that finishes after it was
    taken for dead and queued again (started_at older than the timeout) is dropped."""

    Status = JobStatus

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    error = models.TextField(_("reason for the failure"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    # When the worker took it up: one running for longer than its timeout is dead.
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED


def report_path(report: "Report", filename: str) -> str:
    return (
        f"reports/{report.kind}/{slugify(report.subject.replace(':', '-'))}/"
        f"v{report.version:03d}/{filename}"
    )


class Report(BackgroundJob):
    class Kind(models.TextChoices):
        DECISION_BASIS = "decision-basis", _("Decision basis")
        EXTRACT = "extract", _("Decision extract")
        DIALOGUE_REPORT = "report", _("Dialogue report")
        FOLLOW_UP = "follow-up", _("Follow-up of the dialogue work")

    class Period(models.TextChoices):
        """The period a follow-up covers (reports.selectors.periods)."""

        INTERIM = "interim", _("Interim (January to August)")
        YEAR = "year", _("Year")
        TERM = "term", _("Term of office")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What the document is about, as a key: versions count per (kind, subject).
    subject = models.CharField(_("subject"), max_length=100, db_index=True)
    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("dialogue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    point = models.CharField(
        _("decision point"), max_length=20, choices=DecisionPoint.choices, blank=True
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    # A follow-up's period: with `year` (the year it starts in) and `body` (empty: the whole
    # municipality).
    period = models.CharField(
        _("period"), max_length=10, choices=Period.choices, blank=True, default=""
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=report_path, blank=True, max_length=300)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "version"], name="report_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = (
                type(self)
                .objects.filter(pk=self.pk)
                .values("status", "file", "sha256", "version", "kind", "subject")
                .first()
            )
            if stored and stored["status"] == self.Status.DONE:
                raise ImmutableReport(f"Report {self.pk} is finished and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == self.Status.DONE:
            raise ImmutableReport(f"Report {self.pk} is finished and cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def download_name(self) -> str:
        case = self.dialogue.case_number if self.dialogue_id and self.dialogue.case_number else ""
        scope = self.body.code if self.body_id else ("kommunen" if self.period else "")
        period = self.period if self.period and self.period != self.Period.YEAR else ""
        parts = [self.kind, case, scope, period, str(self.year) if self.year else ""]
        stem = slugify(" ".join(p for p in parts if p)) or "report"
        return f"{stem}-v{self.version}.pdf"


# -- The justerat protokollsutdrag, uploaded (issue 12) ---------------------------------------


def protocol_extract_path(extract: "ProtocolExtract", filename: str) -> str:
    # The version is in the path and the name is ours: no upload ever overwrites another.
    return f"extracts/decision-{extract.decision_id}/v{extract.version:03d}/protokollsutdrag.pdf"


class ProtocolExtract(models.Model):
    """The authoritative extract of a decision: the justerat protokollsutdrag from the
    municipality's meeting system, uploaded by the committee secretary as a PDF.

    Versioned like the reports: an upload is the next version of the decision's extract, the
    earlier ones are kept; a stored version is never changed or deleted. The SHA-256 checksum
    taken at upload is checked again at every download."""

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="protocol_extracts",
    )
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=protocol_extract_path, max_length=300)
    original_name = models.CharField(_("file name as uploaded"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["decision", "-version"]
        verbose_name = _("extract from the minutes (justerat protokollsutdrag)")
        verbose_name_plural = _("extracts from the minutes (justerade protokollsutdrag)")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "version"], name="protocol_extract_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision} (v{self.version})"

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ImmutableReport(f"Extract {self.pk} is stored and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableReport(f"Extract {self.pk} is stored and cannot be deleted.")

    @property
    def download_name(self) -> str:
        dialogue = self.decision.dialogue
        parts = ["protokollsutdrag", dialogue.case_number or "", self.decision.paragraph or ""]
        stem = slugify(" ".join(p for p in parts if p)) or "protokollsutdrag"
        return f"{stem}-v{self.version}.pdf"


# -- The e-archive package of a closed case (issue 15, item 5) ---------------------------------


def archive_package_path(package: "ArchivePackage", filename: str) -> str:
    # One folder per package: a dated name that no later export of the same case can take.
    return f"archive/dialogue-{package.dialogue_id}/{package.name}/{filename}"


class ArchivePackage(models.Model):
    """One export of a closed case for the municipality's e-archive (reports/archive.py).

    The package (the FGS-like XML, every document, the checksum manifest) is stored as a zip;
    exporting the case again makes a new, newer package and keeps this one. A stored package is
    never changed or deleted."""

    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("dialogue"),
        on_delete=models.PROTECT,
        related_name="archive_packages",
    )
    # The package's folder name, also the zip's top folder: case number and UTC time.
    name = models.CharField(_("package name"), max_length=120, unique=True)
    case_number = models.CharField(_("case number"), max_length=40)
    file = models.FileField(_("file (zip)"), upload_to=archive_package_path, max_length=300)
    sha256 = models.CharField(_("SHA-256 checksum of the zip"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    manifest_sha256 = models.CharField(_("SHA-256 checksum of the manifest"), max_length=64)
    document_count = models.PositiveIntegerField(_("documents"))
    # Empty when exported from the command line (manage.py export_archive).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("exported at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-archive package")
        verbose_name_plural = _("e-archive packages")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ImmutableReport(f"Archive package {self.pk} is stored and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableReport(f"Archive package {self.pk} is stored and cannot be deleted.")

    @property
    def download_name(self) -> str:
        return f"{self.name}.zip"


class ArchiveExport(BackgroundJob):
    """A registrar's request to export a case to the e-archive, done by a background task
    (reports/archive_exports.py): it ends with its `package`, or failed with the reason.

    At most one export of a dialogue is queued or running at a time (a database constraint):
    a second click while one is pending is refused."""

    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("dialogue"),
        on_delete=models.PROTECT,
        related_name="archive_exports",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    package = models.OneToOneField(
        ArchivePackage,
        verbose_name=_("e-archive package"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="export",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-archive export")
        verbose_name_plural = _("e-archive exports")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue"],
                condition=models.Q(status__in=["queued", "running"]),
                name="archive_export_one_pending_per_dialogue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dialogue_id}: {self.status}"

"""Asking for a PDF, rendering it in the background, storing it as an immutable version.

`request_report` checks the permission and what the dialogue lacks, creates the next version
(status queued) and enqueues `reports.tasks.render_report`. `render_stored` is what the task
runs: it renders, stores the file under a path that carries the version, and records the
checksum; a failure is recorded with its reason, and `retry_report` queues it again. A finished
report is never changed (see `Report.save`).
"""

import hashlib
import logging

import rules
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from weasyprint.urls import FatalURLFetchingError

from core.errors import ActionRefused, Conflict, PermissionRefused
from dialog.models import DecisionPoint, Dialogue
from roles.models import Body

from . import jobs, selectors
from .models import Report
from .rendering import Document, render_pdf
from .rules import denied_reason

logger = logging.getLogger(__name__)

__all__ = [
    "ActionRefused",
    "Conflict",
    "MissingData",
    "PermissionRefused",
    "build_document",
    "fail_stuck_renders",
    "request_report",
    "render_stored",
    "retry_report",
]


class MissingData(ActionRefused):
    """The dialogue lacks what the document needs; `reasons` lists it."""


def build_document(
    kind: str, *, dialogue=None, point="", decision=None, body=None, year=None, period=""
) -> Document:
    if kind == Report.Kind.DECISION_BASIS:
        return selectors.decision_basis(dialogue, point or None)
    if kind == Report.Kind.EXTRACT:
        return selectors.extract(decision)
    if kind == Report.Kind.DIALOGUE_REPORT:
        return selectors.dialogue_report(dialogue)
    if kind == Report.Kind.FOLLOW_UP:
        return selectors.follow_up(body, year, period or Report.Period.YEAR)
    raise ValueError(f"Unknown report kind {kind!r}")


def _document_for(report: Report) -> Document:
    dialogue = selectors.dialogue_for_reports(report.dialogue_id) if report.dialogue_id else None
    decision = None
    if report.decision_id:
        decision = next(d for d in dialogue.decisions.all() if d.pk == report.decision_id)
    return build_document(
        report.kind,
        dialogue=dialogue,
        point=report.point,
        decision=decision,
        body=report.body,
        year=report.year,
        period=report.period,
    )


def _check_may_generate(user, kind: str, *, dialogue=None, body=None) -> None:
    if kind == Report.Kind.FOLLOW_UP:
        if not rules.has_perm("reports.generate_follow_up", user, body):
            raise PermissionRefused(denied_reason("reports.generate_follow_up", body))
    elif not rules.has_perm("reports.generate_report", user, dialogue):
        raise PermissionRefused(denied_reason("reports.generate_report", dialogue.body))


def _resolve_follow_up(body_id, year, period):
    """A follow-up's body (None: the whole municipality) and period, or a refusal."""
    body = None
    if body_id not in (None, ""):
        body = Body.objects.filter(pk=body_id).first()
        if body is None or not body.is_political:
            raise ActionRefused(_("Choose one of the political bodies."))
    if not year:
        raise ActionRefused(_("Choose a year."))
    if selectors.parse_period(period or Report.Period.YEAR, year) is None:
        raise ActionRefused(_("Choose a period: an interim period, a year or a term of office."))
    return body, int(year), period or Report.Period.YEAR


def _resolve(kind, *, dialogue_id=None, point="", decision_id=None, body_id=None, year=None):
    """The subject's objects from ids, refusing what does not fit together."""
    if kind not in Report.Kind.values:
        raise ActionRefused(_("There is no such kind of report."))
    dialogue = decision = None
    try:
        # The checks before queuing show no counts; the task loads the dialogue with them.
        dialogue = selectors.dialogue_for_reports(dialogue_id, theme_counts=False)
    except Dialogue.DoesNotExist as exc:
        raise ActionRefused(_("There is no such dialogue.")) from exc
    if kind == Report.Kind.DECISION_BASIS:
        point = point or selectors.latest_point(dialogue)
        if point not in DecisionPoint.values:
            raise ActionRefused(_("There is no such decision point."))
    else:
        point = ""
    if kind == Report.Kind.EXTRACT:
        decision = next((d for d in dialogue.decisions.all() if d.pk == decision_id), None)
        if decision is None and decision_id is None:
            decision = selectors.latest_decision(dialogue)
        if decision is None:
            raise ActionRefused(_("The dialogue has no such decision."))
    return dialogue, point, decision, None, None


def request_report(
    *,
    user,
    kind: str,
    dialogue_id: int | None = None,
    point: str = "",
    decision_id: int | None = None,
    body_id: int | None = None,
    year: int | None = None,
    period: str = "",
) -> Report:
    """Create the next version of a document and generate it in the background.

    A follow-up is of a body (`body_id`) or, without one, of the whole municipality, over the
    `period` (interim, year or term) that starts in `year`.

    Raises PermissionRefused, MissingData (with the list of what is missing) or ActionRefused.
    """
    if kind == Report.Kind.FOLLOW_UP:
        dialogue, point, decision = None, "", None
        body, year, period = _resolve_follow_up(body_id, year, period)
    else:
        period = ""
        dialogue, point, decision, body, year = _resolve(
            kind,
            dialogue_id=dialogue_id,
            point=point,
            decision_id=decision_id,
            body_id=body_id,
            year=year,
        )
    _check_may_generate(user, kind, dialogue=dialogue, body=body)
    # Only what the refusal and the version need: the task builds the document, once.
    document = selectors.preflight(
        kind,
        dialogue=dialogue,
        point=point,
        decision=decision,
        body=body,
        year=year,
        period=period,
    )
    if document.missing:
        raise MissingData(document.missing)
    subject = selectors.subject_for(
        kind,
        dialogue=dialogue,
        point=point,
        decision=decision,
        body=body,
        year=year,
        period=period,
    )
    report = _create_version(
        kind=kind,
        subject=subject,
        dialogue=dialogue or (decision.dialogue if decision else None),
        point=point,
        decision=decision,
        body=body,
        year=year,
        period=period,
        title=document.title,
        created_by=user,
    )
    _enqueue(report)
    return Report.objects.get(pk=report.pk)


def _create_version(**values) -> Report:
    """The next version number of (kind, subject); a concurrent request gets the one after."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                latest = Report.objects.filter(
                    kind=values["kind"], subject=values["subject"]
                ).aggregate(n=Max("version"))["n"]
                return Report.objects.create(version=(latest or 0) + 1, **values)
        except IntegrityError:
            if attempt == 4:
                raise Conflict(_("Someone else is generating this document; try again.")) from None
    raise AssertionError("unreachable")


def _reason_ran_too_long(minutes: int) -> str:
    return ngettext(
        "The generation stopped: it ran for more than %(minutes)s minute without finishing.",
        "The generation stopped: it ran for more than %(minutes)s minutes without finishing.",
        minutes,
    ) % {"minutes": minutes}


def _render_task():
    from .tasks import render_report

    return render_report


RENDERS = jobs.JobKind(
    model=Report,
    task=_render_task,
    timeout=lambda: settings.REPORT_RENDER_TIMEOUT,
    ran_too_long=_reason_ran_too_long,
    worker_ended=lambda: _(
        "The generation stopped: the background worker ended before the file was made."
    ),
    not_queued=lambda exc: _("The report could not be queued: %(error)s") % {"error": exc},
)


def _enqueue(report: Report) -> None:
    jobs.enqueue(RENDERS, report.pk)


def render_stored(report_id: int) -> str:
    """Render a queued report and store it. Returns the new status. Run by the task."""
    report, claimed = jobs.claim(RENDERS, report_id)
    if not claimed:
        return jobs.status_of(report)
    attempt = report.attempts
    # The municipality's language, whoever runs this (a worker has no request to take it from).
    with translation.override(settings.LANGUAGE_CODE):
        try:
            document = _document_for(report)
            if document.missing:
                jobs.fail(
                    RENDERS,
                    report.pk,
                    _("The dialogue lacks: %(missing)s") % {"missing": "; ".join(document.missing)},
                    attempt=attempt,
                )
                return Report.Status.FAILED
            data = render_pdf(document)
        except (Exception, FatalURLFetchingError) as exc:
            logger.exception("Rendering report %s failed", report.pk)
            jobs.fail(RENDERS, report.pk, f"{type(exc).__name__}: {exc}", attempt=attempt)
            return Report.Status.FAILED
    with transaction.atomic():
        current = jobs.lock_current(RENDERS, report.pk, attempt)
        if current is None:
            # Taken for dead meanwhile and queued again: the newer attempt owns the version.
            return jobs.status_of(Report.objects.filter(pk=report.pk).first())
        store(current, data)
    return Report.Status.DONE


def stuck_reason(report: Report, *, now=None) -> str | None:
    """Why a running render is taken for dead, or None while it may still be working."""
    return jobs.stuck_reason(RENDERS, report, now=now)


def fail_stuck_renders(*, now=None) -> int:
    """Mark every render that is taken for dead as failed, with the reason; returns how many.

    Run by the scheduler (`manage.py fail_stuck_reports`). A failed report can be tried again.
    """
    return jobs.fail_stuck(RENDERS, now=now)


def store(report: Report, data: bytes) -> Report:
    """Save the PDF under its version's path (never over an existing file) and finish."""
    report.file.save("document.pdf", ContentFile(data), save=False)
    report.sha256 = hashlib.sha256(data).hexdigest()
    report.size = len(data)
    report.status = Report.Status.DONE
    report.error = ""
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "sha256", "size", "status", "error", "finished_at"])
    return report


def retry_report(*, report_id: int, user) -> Report:
    """Queue a failed report again (same version: it never had a file)."""
    report = Report.objects.select_related("dialogue__body", "body").filter(pk=report_id).first()
    if report is None:
        raise ActionRefused(_("There is no such report."))
    if report.dialogue_id:
        dialogue = selectors.dialogue_for_reports(report.dialogue_id)
        _check_may_generate(user, report.kind, dialogue=dialogue, body=report.body)
    else:
        _check_may_generate(user, report.kind, body=report.body)
    # A render that is taken for dead need not wait for the scheduler to be tried again.
    if not jobs.requeue(RENDERS, report.pk):
        raise Conflict(_("Only a failed report can be tried again."))
    _enqueue(report)
    return Report.objects.get(pk=report.pk)


def verify(report: Report) -> bytes:
    """The stored file's bytes, after checking them against the recorded checksum."""
    with report.file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != report.sha256:
        raise Conflict(_("The stored file does not match its checksum; it has been altered."))
    return data

"""The registrar's e-archive export, made in the background (reports.tasks.export_archive).

Making a package renders the case sheet and every document never generated (5-25 seconds), too
long for a web request. `request_export` checks at once what the export itself checks (the
permission, an ended and registered case) so the registrar gets the reason immediately, records
an `ArchiveExport` (queued) and enqueues the task once the transaction commits. At most one
export of a dialogue is queued or running (a database constraint): a second click is refused.

`run_export` is what the task runs: reports.archive.export_package checks the case again, makes
the package and stores it in the same transaction that marks the export done, with the dialogue
locked. A failure is recorded with its reason and `retry_export` queues it again; a run whose
worker died is failed by `fail_stuck_exports` (the scheduler's `fail_stuck_reports`) after
ARCHIVE_EXPORT_TIMEOUT seconds, or at once when its task has ended. The lifecycle is the one the
PDFs have (reports/jobs.py).

`manage.py export_archive` still exports in its own process, without the queue.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ActionRefused, Conflict, PermissionRefused
from core.permissions import denied_reason
from dialog.models import Dialogue

from . import archive, jobs
from .models import ArchiveExport, JobStatus

logger = logging.getLogger(__name__)

__all__ = [
    "EXPORTS",
    "fail_stuck_exports",
    "latest_export",
    "request_export",
    "retry_export",
    "run_export",
]


def _timeout() -> int:
    # A whole package renders several PDFs: more time than one PDF's REPORT_RENDER_TIMEOUT.
    return settings.ARCHIVE_EXPORT_TIMEOUT


def _ran_too_long(minutes: int) -> str:
    return ngettext(
        "The export stopped: it ran for more than %(minutes)s minute without finishing.",
        "The export stopped: it ran for more than %(minutes)s minutes without finishing.",
        minutes,
    ) % {"minutes": minutes}


def _task():
    from .tasks import export_archive

    return export_archive


EXPORTS = jobs.JobKind(
    model=ArchiveExport,
    task=_task,
    timeout=_timeout,
    ran_too_long=_ran_too_long,
    worker_ended=lambda: _(
        "The export stopped: the background worker ended before the package was made."
    ),
    not_queued=lambda exc: _("The export could not be queued: %(error)s") % {"error": exc},
)


class _Superseded(Exception):
    """The attempt was taken for dead and queued again meanwhile: it stores nothing."""


def latest_export(dialogue) -> ArchiveExport | None:
    """The dialogue's most recent export request (its status shows on the packages page)."""
    return (
        ArchiveExport.objects.filter(dialogue=dialogue)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def _check(user, dialogue) -> None:
    if not archive.may_export(user, dialogue):
        raise PermissionRefused(denied_reason("reports.export_archive", dialogue))
    reason = archive.not_exportable_reason(dialogue)
    if reason:
        raise ActionRefused(reason)


def _already_pending() -> Conflict:
    return Conflict(
        _(
            "An export of this case to the e-archive is already queued or running; wait for it "
            "to finish. Its status shows on this page."
        )
    )


def _enqueue_on_commit(export_id: int) -> None:
    # Not before the row is committed: a worker would not find it.
    transaction.on_commit(lambda: jobs.enqueue(EXPORTS, export_id))


def request_export(*, dialogue_id: int, user) -> ArchiveExport:
    """Queue an export of the ended case to the e-archive, asked for by `user`.

    Raises PermissionRefused, ActionRefused (no such dialogue, not ended, no case number) or
    Conflict (an export of the case is already queued or running).
    """
    dialogue = Dialogue.objects.select_related("body__registered_in").filter(pk=dialogue_id).first()
    if dialogue is None:
        raise ActionRefused(_("There is no such dialogue."))
    _check(user, dialogue)
    pending = ArchiveExport.objects.filter(
        dialogue=dialogue, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).first()
    # One whose worker died need not wait for the scheduler to be asked for again.
    if pending is not None and not jobs.fail_if_stuck(EXPORTS, pending.pk):
        raise _already_pending()
    try:
        with transaction.atomic():
            export = ArchiveExport.objects.create(dialogue=dialogue, requested_by=user)
    except IntegrityError:  # a second click at the same moment: the constraint holds
        raise _already_pending() from None
    _enqueue_on_commit(export.pk)
    return export


def run_export(export_id: int) -> str:
    """Make and store the package of a queued export. Returns the new status. Run by the task."""
    export, claimed = jobs.claim(EXPORTS, export_id)
    if not claimed:
        return jobs.status_of(export)
    attempt = export.attempts
    user = export.requested_by

    def finish(package) -> None:
        # In the transaction that stores the package, the dialogue locked: the checks once more.
        _check(user, package.dialogue)
        current = jobs.lock_current(EXPORTS, export_id, attempt)
        if current is None:
            raise _Superseded
        ArchiveExport.objects.filter(pk=export_id).update(
            status=JobStatus.DONE, package=package, error="", finished_at=timezone.now()
        )

    # The stored reason is in the municipality's language (a worker has no request).
    with translation.override(settings.LANGUAGE_CODE):
        try:
            archive.export_package(dialogue_id=export.dialogue_id, user=user, on_store=finish)
        except _Superseded:
            return jobs.status_of(ArchiveExport.objects.filter(pk=export_id).first())
        except ActionRefused as exc:  # the case or the permission changed, a file was altered
            jobs.fail(EXPORTS, export_id, " ".join(exc.reasons), attempt=attempt)
            return JobStatus.FAILED
        except Exception as exc:
            logger.exception("E-archive export %s failed", export_id)
            jobs.fail(EXPORTS, export_id, f"{type(exc).__name__}: {exc}", attempt=attempt)
            return JobStatus.FAILED
    return JobStatus.DONE


def retry_export(*, export_id: int, user) -> ArchiveExport:
    """Queue a failed export again, now asked for by `user` (whose permission the task checks).

    Raises PermissionRefused, ActionRefused or Conflict (not failed, or another export of the
    case is pending).
    """
    export = (
        ArchiveExport.objects.select_related("dialogue__body__registered_in")
        .filter(pk=export_id)
        .first()
    )
    if export is None:
        raise ActionRefused(_("There is no such export."))
    _check(user, export.dialogue)
    try:
        with transaction.atomic():
            requeued = jobs.requeue(EXPORTS, export.pk, requested_by=user, error="")
    except IntegrityError:  # another export of the case is queued or running
        raise _already_pending() from None
    if not requeued:
        raise Conflict(_("Only a failed export can be tried again."))
    _enqueue_on_commit(export.pk)
    return export


def fail_stuck_exports(*, now=None) -> int:
    """Mark every export taken for dead as failed, with the reason; returns how many."""
    return jobs.fail_stuck(EXPORTS, now=now)

"""What the reports' background jobs share: a `BackgroundJob` row (reports.models) that a
django-tasks task takes from queued to running to done, or to failed with the reason.

A `JobKind` names the model, its task and how a dead run is described. The functions here do the
lifecycle: `enqueue` (recording a queue that is down as a failure), `claim` (queued -> running,
one more attempt), `lock_current` (only the attempt still running may finish), `fail`,
`stuck_reason` / `fail_stuck` (a run whose worker died is failed after its timeout, or at once
when its task has ended) and `requeue` (a failed job queued again). Used by reports.services
(the PDFs) and reports.archive_exports (the e-archive packages).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django_tasks.base import TaskResultStatus

from .models import BackgroundJob, JobStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobKind:
    model: type[BackgroundJob]
    # The django-tasks task, looked up when used: reports.tasks imports the services.
    task: Callable[[], object]
    # Seconds a run may take before it is taken for dead; read at each call (settings change).
    timeout: Callable[[], int]
    ran_too_long: Callable[[int], str]  # minutes -> the stored reason
    worker_ended: Callable[[], str]
    not_queued: Callable[[Exception], str]  # the queue itself is down


def enqueue(kind: JobKind, job_id: int) -> None:
    """Hand the job to the task queue and record the task's id, or the failure to queue it."""
    try:
        result = kind.task().enqueue(job_id)
    except Exception as exc:
        logger.exception("Could not enqueue %s %s", kind.model.__name__, job_id)
        fail(kind, job_id, kind.not_queued(exc))
        return
    kind.model.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])


def claim(kind: JobKind, job_id: int):
    """Take a queued job up: running, one more attempt. Returns (job, claimed); not claimed
    when it is gone (job None) or not queued (done, or taken by another worker)."""
    with transaction.atomic():
        job = kind.model.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return job, False
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = timezone.now()
        kind.model.objects.filter(pk=job.pk).update(
            status=job.status, attempts=job.attempts, started_at=job.started_at
        )
    return job, True


def status_of(job) -> str:
    return job.status if job is not None else "missing"


def lock_current(kind: JobKind, job_id: int, attempt: int):
    """The job, locked, if `attempt` is still the one running it; else None (it was taken for
    dead meanwhile and queued again: the newer attempt owns it). Inside a transaction."""
    current = kind.model.objects.select_for_update().filter(pk=job_id).first()
    if current is None or current.status != JobStatus.RUNNING or current.attempts != attempt:
        logger.warning("%s %s attempt %s finished too late", kind.model.__name__, job_id, attempt)
        return None
    return current


def fail(kind: JobKind, job_id: int, reason: str, *, attempt: int | None = None) -> None:
    jobs = kind.model.objects.filter(pk=job_id).exclude(status=JobStatus.DONE)
    if attempt is not None:
        # Only the attempt that is still running: not one queued again after it was taken for dead.
        jobs = jobs.filter(status=JobStatus.RUNNING, attempts=attempt)
    jobs.update(status=JobStatus.FAILED, error=str(reason)[:5000], finished_at=timezone.now())


def task_ended(kind: JobKind, task_id: str) -> bool:
    """Whether the task behind a run has ended (so its worker is gone from it).

    Only a backend that keeps results (the database backend) can tell; others say no.
    """
    if not task_id:
        return False
    try:
        result = kind.task().get_result(task_id)
    except Exception:  # no such result, or a backend that keeps none
        return False
    return result.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL)


def stuck_reason(kind: JobKind, job, *, now=None) -> str | None:
    """Why a running job is taken for dead, or None while it may still be working."""
    if job.status != JobStatus.RUNNING:
        return None
    now = now or timezone.now()
    seconds = kind.timeout()
    if job.started_at is None or now - job.started_at > timedelta(seconds=seconds):
        return kind.ran_too_long(max(1, round(seconds / 60)))
    if task_ended(kind, job.task_id):
        return kind.worker_ended()
    return None


def fail_if_stuck(kind: JobKind, job_id: int, *, now=None) -> bool:
    # The reason is stored, so it is written in the municipality's language.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        job = kind.model.objects.select_for_update().filter(pk=job_id).first()
        reason = stuck_reason(kind, job, now=now) if job else None
        if reason is None:
            return False
        kind.model.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=reason, finished_at=now or timezone.now()
        )
    logger.warning("%s %s taken for dead: %s", kind.model.__name__, job_id, reason)
    return True


def fail_stuck(kind: JobKind, *, now=None) -> int:
    """Mark every running job taken for dead as failed, with the reason; returns how many."""
    running = kind.model.objects.filter(status=JobStatus.RUNNING).values_list("pk", flat=True)
    return sum(fail_if_stuck(kind, pk, now=now) for pk in list(running))


def requeue(kind: JobKind, job_id: int, **changes) -> bool:
    """Queue a failed job again (a running one taken for dead is failed first); False when it
    is not failed. The caller enqueues it."""
    if kind.model.objects.filter(pk=job_id, status=JobStatus.RUNNING).exists():
        fail_if_stuck(kind, job_id)
    updated = kind.model.objects.filter(pk=job_id, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, task_id="", started_at=None, **changes
    )
    return bool(updated)

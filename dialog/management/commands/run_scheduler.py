"""`python manage.py run_scheduler`: run the periodic jobs of settings.PERIODIC_JOBS.

The one mechanism for everything periodic (reminders, stuck renders, later retention): a
long-running process in the Procfile beside the web server and the task worker. Each job is a
management command, so it can also be run by hand; the scheduler only says when. Run exactly one
scheduler per installation (the jobs are safe to overlap, but there is no need to).
"""

import contextlib
import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

logger = logging.getLogger(__name__)


def run_job(name: str) -> None:
    """Run one job's command; a failing job is logged and the scheduler goes on."""
    close_old_connections()
    try:
        call_command(name)
    except Exception:
        logger.exception("Periodic job %s failed", name)
    finally:
        # The scheduler's threads are not request threads: nothing else closes their connections.
        close_old_connections()


def build_scheduler(jobs: dict | None = None) -> BlockingScheduler:
    """A scheduler with one cron-triggered job per entry of `jobs` (default PERIODIC_JOBS)."""
    jobs = settings.PERIODIC_JOBS if jobs is None else jobs
    known = get_commands()
    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
    for name, fields in jobs.items():
        if name not in known:
            raise CommandError(f"PERIODIC_JOBS names {name!r}, which is no management command.")
        scheduler.add_job(
            run_job,
            CronTrigger(timezone=settings.TIME_ZONE, **fields),
            args=[name],
            id=name,
            name=name,
            # A run missed while the machine slept is done once, not once per missed slot.
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )
    return scheduler


class Command(BaseCommand):
    help = "Run the periodic jobs (settings.PERIODIC_JOBS) on their schedules until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list",
            action="store_true",
            dest="list_jobs",
            help="Print the jobs and their schedules, then exit.",
        )

    def handle(self, *args, list_jobs=False, **options):
        scheduler = build_scheduler()
        if list_jobs:
            for job in scheduler.get_jobs():
                self.stdout.write(f"{job.id}: {job.trigger}")
            return
        for job in scheduler.get_jobs():
            logger.info("Scheduled %s: %s", job.id, job.trigger)
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()

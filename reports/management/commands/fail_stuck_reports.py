"""`python manage.py fail_stuck_reports`: mark renders and e-archive exports taken for dead as
failed.

A render or export whose worker died (killed, restarted, out of memory) would stay "running" for
ever; once it has run longer than its timeout (REPORT_RENDER_TIMEOUT, ARCHIVE_EXPORT_TIMEOUT), or
its task has ended without a result, it is marked failed with the reason, and "Try again" queues
it anew. Run by the scheduler every minute (settings.PERIODIC_JOBS).
"""

from django.core.management.base import BaseCommand

from reports.archive_exports import fail_stuck_exports
from reports.services import fail_stuck_renders


class Command(BaseCommand):
    help = (
        "Mark PDF renders and e-archive exports that ran too long, or whose worker died, as failed."
    )

    def handle(self, *args, **options):
        failed = fail_stuck_renders()
        exports = fail_stuck_exports()
        if failed or options["verbosity"] > 1:
            self.stdout.write(f"{failed} stuck render(s) marked failed.")
        if exports or options["verbosity"] > 1:
            self.stdout.write(f"{exports} stuck e-archive export(s) marked failed.")

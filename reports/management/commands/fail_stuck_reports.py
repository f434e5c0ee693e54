"""`python manage.py fail_stuck_reports`: mark renders taken for dead as failed.

A render whose worker died (killed, restarted, out of memory) would stay "being generated" for
ever; once it has run longer than REPORT_RENDER_TIMEOUT, or its task has ended without a file,
it is marked failed with the reason, and "Try again" queues it anew. Run by the scheduler every
minute (settings.PERIODIC_JOBS).
"""

from django.core.management.base import BaseCommand

from reports.services import fail_stuck_renders


class Command(BaseCommand):
    help = "Mark PDF renders that have run too long, or whose worker died, as failed."

    def handle(self, *args, **options):
        failed = fail_stuck_renders()
        if failed or options["verbosity"] > 1:
            self.stdout.write(f"{failed} stuck render(s) marked failed.")

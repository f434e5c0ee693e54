"""`python manage.py clear_stale_imports`: remove survey uploads left waiting for confirmation.

A preview keeps the uploaded file until it is confirmed; one that never is (the user went away)
is removed once older than settings.INPUT_IMPORT_MAX_AGE_HOURS. Run by the scheduler every hour
(settings.PERIODIC_JOBS).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from dialog.importers import clear_stale_files


class Command(BaseCommand):
    help = "Remove uploaded survey files whose import was never confirmed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=settings.INPUT_IMPORT_MAX_AGE_HOURS,
            help="Remove files older than this many hours.",
        )

    def handle(self, *args, **options):
        removed = clear_stale_files(older_than=timedelta(hours=options["hours"]))
        if removed or options["verbosity"] > 1:
            self.stdout.write(f"{removed} stale import file(s) removed.")

"""`python manage.py send_reminders`: e-mail the overdue steps and waiting decision points."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from dialog.notifications import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the responsible officials and the deciding bodies' politicians and clerks about "
        "overdue planned dates and decision points waiting longer than the policy profile "
        "allows. Meant to run on a schedule (e.g. daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Count as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--base-url", default="", help="Put before the dialogue links, e.g. https://x.se"
        )

    def handle(self, *args, date=None, base_url="", **options):
        on = parse_date(date) if date else None
        if date and on is None:
            raise CommandError("--date must be YYYY-MM-DD.")
        found, sent = send_reminders(on=on, base_url=base_url.rstrip("/"))
        self.stdout.write(f"{found} overdue item(s); {sent} e-mail(s) sent.")

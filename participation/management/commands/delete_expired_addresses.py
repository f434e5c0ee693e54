"""`python manage.py delete_expired_addresses`: delete residents' addresses whose time is up.

The gallring of one kind, "participation.feedback_address" (participation/retention.py), under
its active retention rule or, without one, the privacy notice's period; logged in the gallring
log like every run of `apply_retention`, which covers this kind too."""

from django.core.management.base import BaseCommand

from core.gallring import run_retention
from participation.retention import FEEDBACK_ADDRESS


class Command(BaseCommand):
    help = (
        "Delete the e-mail addresses residents left for a dialogue's feedback the retention "
        "rule's period (without a rule FEEDBACK_ADDRESS_RETENTION_DAYS) after the feedback was "
        "sent to them, or FEEDBACK_ADDRESS_MAX_DAYS after they were left if no feedback came. "
        "Run daily by the scheduler."
    )

    def handle(self, *args, **options):
        done, _uncovered = run_retention(
            dry_run=False, started_by="scheduler", kinds=[FEEDBACK_ADDRESS]
        )
        for item in done:
            self.stdout.write(
                f"{item.outcome.rows} address(es) deleted (kept {item.planned.days} day(s) "
                f"after the feedback: {item.planned.decision})."
            )

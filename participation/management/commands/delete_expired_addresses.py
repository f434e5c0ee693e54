"""`python manage.py delete_expired_addresses`: delete residents' addresses whose time is up."""

from django.conf import settings
from django.core.management.base import BaseCommand

from participation.subscriptions import delete_expired_addresses


class Command(BaseCommand):
    help = (
        "Delete the e-mail addresses residents left for a dialogue's feedback "
        "FEEDBACK_ADDRESS_RETENTION_DAYS after the feedback was sent to them, or "
        "FEEDBACK_ADDRESS_MAX_DAYS after they were left if no feedback came. Run daily by the "
        "scheduler."
    )

    def handle(self, *args, **options):
        deleted = delete_expired_addresses()
        self.stdout.write(
            f"{deleted} address(es) deleted (kept {settings.FEEDBACK_ADDRESS_RETENTION_DAYS} "
            f"day(s) after the feedback, at most {settings.FEEDBACK_ADDRESS_MAX_DAYS})."
        )

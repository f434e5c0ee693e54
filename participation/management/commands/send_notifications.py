"""`python manage.py send_notifications`: send the residents' side's e-mails that are due."""

from django.core.management.base import BaseCommand

from participation.notifications import send_all_due_feedback, send_follower_emails


class Command(BaseCommand):
    help = (
        "Send what the task queue did not: the feedback to residents' addresses not yet sent it "
        "(an e-mail that failed, a queue that was down), and the followers' e-mails about views "
        "waiting for moderation whose interval has passed. Nothing is sent twice. Run every few "
        "minutes by the scheduler."
    )

    def handle(self, *args, **options):
        feedback = send_all_due_feedback()
        followers = send_follower_emails()
        self.stdout.write(f"{feedback} feedback e-mail(s) and {followers} follower e-mail(s) sent.")

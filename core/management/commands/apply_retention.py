"""`python manage.py apply_retention [--dry-run]`: gallring under the active retention rules.

Lists, kind by kind, what is due under its rule (or default period), applies it unless
--dry-run, and writes the gallring log (core.models.GallringLog). Idempotent and safe to run
daily: the scheduler runs it (settings.PERIODIC_JOBS)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.gallring import run_retention
from core.retention import retention_kind


class Command(BaseCommand):
    help = (
        "Thin out personal data under the active retention rules (the information management "
        "plan's gallring): list what is due and, unless --dry-run, apply it; write the "
        "gallring log. Never touches a case record itself. Run daily by the scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what is due and log it as a dry run; change nothing.",
        )
        parser.add_argument(
            "--kind", action="append", dest="kinds", help="Only this kind (repeatable)."
        )
        parser.add_argument(
            "--by", help="The username of the person running it (default: the scheduler)."
        )

    def handle(self, *args, dry_run=False, kinds=None, by=None, **options):
        for key in kinds or []:
            if retention_kind(key) is None:
                raise CommandError(f"No app registers the kind {key!r}.")
        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"No user {by!r}.")
        done, uncovered = run_retention(
            dry_run=dry_run,
            started_by=by or "scheduler",
            by=user,
            kinds=kinds,
        )
        verb = "due" if dry_run else "done"
        for item in done:
            plan = item.planned
            self.stdout.write(
                f"{plan.kind.key}: {item.outcome.rows} record(s) and "
                f"{item.outcome.history_rows} history row(s) {verb} "
                f"({plan.kind.action}, {plan.days} day(s), {plan.decision})"
            )
        for kind in uncovered:
            self.stdout.write(f"{kind.key}: no active rule, nothing thinned out.")
        if dry_run:
            self.stdout.write("Dry run: nothing changed.")

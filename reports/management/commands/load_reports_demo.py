"""`python manage.py load_reports_demo`: the reports' part of the demo (issue 15's e-archive
package of the closed demo dialogue). Called by `load_demo`; idempotent."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the reports' part of the demo (called by load_demo)."

    def handle(self, *args, **options):
        pass

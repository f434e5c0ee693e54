"""`python manage.py load_reports_demo`: the reports' part of the demo (issue 15's e-archive
package of the closed demo dialogue). Called by `load_demo`; idempotent."""

from django.core.management.base import BaseCommand

from dialog.models import Dialogue, State
from reports import archive
from reports.models import ArchivePackage
from roles.models import Membership

# The demo's closed dialogue (dialog/management/commands/load_demo.py).
CLOSED_DEMO_TITLE = "Trygghet i centrum"


def registrar_of(dialogue: Dialogue):
    """A registrar of the diarium the case is registered in: the one who presses the button."""
    membership = (
        Membership.objects.active()
        .filter(body=dialogue.body.diarium_body, role=Membership.Role.REGISTRAR)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return membership.person if membership else None


class Command(BaseCommand):
    help = "Load the reports' part of the demo (called by load_demo)."

    def handle(self, *args, **options):
        dialogue = (
            Dialogue.objects.filter(title=CLOSED_DEMO_TITLE, state=State.CLOSED)
            .exclude(case_number=None)
            .select_related("body__registered_in")
            .first()
        )
        if dialogue is None or ArchivePackage.objects.filter(dialogue=dialogue).exists():
            return
        package = archive.export_package(dialogue_id=dialogue.pk, user=registrar_of(dialogue))
        self.stdout.write(
            f"E-archive package {package.name} of {dialogue.case_number}: "
            f"{package.document_count} documents."
        )

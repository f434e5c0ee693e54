"""Export a closed case to the municipality's e-archive (issue 15, item 5).

    python manage.py export_archive "KS 2026/14" -o /srv/e-arkiv/leveranser

Writes the package into DIR/<case>_<UTC time>/ (arende.xml, handlingar/, schema/,
manifest-sha256.txt; docs/e-archive.md) and keeps it in Delaktig as a new ArchivePackage, like
the registrar's button on the dialogue's page. Exporting again makes a new, dated package; the
earlier ones are kept. Refused, with nothing stored, for an unknown case number, a case that has
not ended, or a folder that cannot be written.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import ActionRefused
from reports import archive


class Command(BaseCommand):
    help = "Export a closed case (by its case number) as a package for the e-archive."

    def add_arguments(self, parser):
        parser.add_argument("case_number", help='The case number as shown, e.g. "KS 2026/14".')
        parser.add_argument(
            "-o", "--output", required=True, help="The folder to write the package into."
        )

    def handle(self, *args, case_number, output, **options):
        # The messages are the municipality's language, like the web's.
        with translation.override(settings.LANGUAGE_CODE):
            target = Path(output).expanduser()
            try:
                if not target.exists():
                    try:
                        target.mkdir(parents=True)
                    except OSError as exc:
                        raise ActionRefused(
                            _("Cannot create the folder %(path)s: %(error)s")
                            % {"path": target, "error": exc.strerror or exc}
                        ) from exc
                archive.check_writable(target)
                dialogue = archive.find_case(case_number)
                package = archive.export_package(dialogue_id=dialogue.pk)
            except ActionRefused as exc:
                raise CommandError(" ".join(exc.reasons)) from exc
            try:
                folder = archive.write_folder(package, target)
            except (OSError, ActionRefused) as exc:
                raise CommandError(
                    _(
                        "The package %(name)s is stored in Delaktig, but it could not be "
                        "written to %(path)s: %(error)s"
                    )
                    % {"name": package.name, "path": target, "error": exc}
                ) from exc
            self.stdout.write(
                _("Wrote %(folder)s: %(count)s documents, manifest SHA-256 %(sha)s.")
                % {
                    "folder": folder,
                    "count": package.document_count,
                    "sha": package.manifest_sha256,
                }
            )

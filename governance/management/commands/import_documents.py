"""python manage.py import_documents FILE [--dry-run] [--user USERNAME]

CSV, XLSX or plain text (one title a line). All or nothing: if any row has an error, the errors
are listed and nothing is saved.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from governance.importers import LIMITS, ImportFileError, parse_file
from governance.services import import_documents


class Command(BaseCommand):
    help = "Import steering documents from a CSV, XLSX or text file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv, .xlsx or .txt file")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be imported; save nothing"
        )
        parser.add_argument("--user", help="username recorded as the importer in the history")

    def handle(self, *args, file, dry_run, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(_("No such user: %(user)s") % {"user": user})
        if path.stat().st_size > LIMITS.max_bytes:
            # Refused before reading: the shared reader's own check would need the bytes.
            raise CommandError(
                _("The file is too large (at most %(mb)s MB).")
                % {"mb": LIMITS.max_bytes // (1024 * 1024)}
            )
        try:
            rows = parse_file(path.name, path.read_bytes())
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        result = import_documents(rows=rows, dry_run=dry_run, user=importer)
        for row in result.rows:
            type_name = row.type.name if row.type else "-"
            flag = f"  [{_('review')}: {row.review_note}]" if row.needs_review else ""
            self.stdout.write(f"{row.line:>4}  {type_name:<20} {row.title}{flag}")
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                _("%(count)s errors; nothing was imported.") % {"count": len(result.errors)}
            )
        summary = _("%(rows)s rows, %(flagged)s flagged for review.") % {
            "rows": len(result.rows),
            "flagged": len(result.flagged),
        }
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved. %(summary)s") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported. %(summary)s") % {"summary": summary}))

"""Render a dialogue's document synchronously and write it to a file (batch export to the archive).

    python manage.py export_pdf "KS 2026/14" --kind decision-basis --point final -o basis.pdf
    python manage.py export_pdf "KS 2026/14" --kind extract -o extract.pdf   # latest decision
    python manage.py export_pdf "KS 2026/14" --kind report -o report.pdf

Nothing is stored in the database: the file is rendered from the case as it stands.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from dialog.models import DecisionPoint
from reports import selectors
from reports.models import Report
from reports.rendering import render_pdf
from reports.services import build_document

KINDS = [Report.Kind.DECISION_BASIS, Report.Kind.EXTRACT, Report.Kind.DIALOGUE_REPORT]


class Command(BaseCommand):
    help = "Export a dialogue's decision basis, decision extract or dialogue report as PDF/A."

    def add_arguments(self, parser):
        parser.add_argument("case_number", help='The case number as shown, e.g. "KS 2026/14".')
        parser.add_argument("--kind", required=True, choices=[str(k) for k in KINDS])
        parser.add_argument(
            "--point",
            choices=list(DecisionPoint.values),
            help="The decision point (decision-basis: default the latest; extract: its decision).",
        )
        parser.add_argument(
            "--decision", type=int, help="The id of the decision (extract; default the latest)."
        )
        parser.add_argument("-o", "--output", required=True, help="The PDF file to write.")

    def handle(self, *args, case_number, kind, point, decision, output, **options):
        # The archive copy is the municipality's document, in its language like the web's.
        with translation.override(settings.LANGUAGE_CODE):
            dialogue = selectors.find_by_case_number(case_number)
            if dialogue is None:
                raise CommandError(f"There is no dialogue with the case number {case_number!r}.")
            chosen = None
            if kind == Report.Kind.EXTRACT:
                if decision is not None:
                    chosen = next((d for d in dialogue.decisions.all() if d.pk == decision), None)
                else:
                    chosen = selectors.latest_decision(dialogue, point)
                if chosen is None:
                    raise CommandError(
                        f"{dialogue.case_number} has no recorded decision"
                        + (f" at the {point} point." if point else ".")
                    )
            document = build_document(
                kind,
                dialogue=dialogue,
                point=(point or "") if kind == Report.Kind.DECISION_BASIS else "",
                decision=chosen,
            )
            if document.missing:
                lines = "\n".join(f"  - {item}" for item in document.missing)
                raise CommandError(
                    f"Cannot export the {kind} of {dialogue.case_number}; it lacks:\n{lines}"
                )
            data = render_pdf(document)
        target = Path(output)
        try:
            target.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Cannot write {target}: {exc}") from exc
        self.stdout.write(f"Wrote {target} ({len(data)} bytes): {document.title}")

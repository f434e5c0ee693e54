"""The demo's e-archive package (issue 15, "Done when"): the closed demo dialogue has one,
exported by the registrar of its diarium; loading the demo again adds none."""

import io
import zipfile

import pytest
from django.core.management import call_command
from lxml import etree

from dialog.models import Dialogue, State
from reports import archive
from reports.management.commands.load_reports_demo import CLOSED_DEMO_TITLE
from reports.models import ArchivePackage

pytestmark = pytest.mark.django_db


def test_the_closed_demo_dialogue_has_a_package(demo, monkeypatch, tmp_path):
    closed = Dialogue.objects.get(title=CLOSED_DEMO_TITLE)
    assert closed.state == State.CLOSED
    package = ArchivePackage.objects.get(dialogue=closed)
    assert package.case_number == closed.case_number
    assert package.created_by.username == "ingrid.sjoberg"  # KS's registrar
    assert package.document_count >= 8  # the case sheet, three bases, the extracts, the report
    assert len(package.manifest_sha256) == 64 and len(package.sha256) == 64

    call_command("load_reports_demo", stdout=io.StringIO())
    assert ArchivePackage.objects.filter(dialogue=closed).count() == 1

    # The demo case exports to a valid package (fast renderer: the PDFs are tested elsewhere).
    monkeypatch.setattr("reports.archive.render_pdf", lambda document: b"%PDF-1.7 fake")
    again = archive.export_package(dialogue_id=closed.pk, user=package.created_by)
    with zipfile.ZipFile(io.BytesIO(archive.read_package(again))) as zipped:
        zipped.extractall(tmp_path)
    folder = tmp_path / again.name
    schema = etree.XMLSchema(etree.parse(str(archive.SCHEMA_PATH)))
    schema.assertValid(etree.parse(str(folder / archive.METADATA)))
    assert archive.verify_folder(folder) == []
    assert ArchivePackage.objects.filter(dialogue=closed).count() == 2

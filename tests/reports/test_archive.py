"""The e-archive package of a closed case (issue 15, item 5): reports/archive.py, the command
`export_archive`, the registrar's button and the packages page.

The package's XML is validated against the project's own schema (docs/e-archive/), every
checksum of the manifest is read again from the files, and Delaktig's PDFs are PDF/A (their XMP
metadata) with their text read back.
"""

import dataclasses
import hashlib
import io
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from pypdf import PdfReader

from core.errors import ActionRefused, Conflict, PermissionRefused
from dialog.models import Dialogue, State, TransitionLog
from governance.models import DocumentType, SteeringDocument
from reports import archive, archive_exports
from reports.models import (
    ArchiveExport,
    ArchivePackage,
    ImmutableReport,
    ProtocolExtract,
    Report,
)
from tests.factories import make_dialogue, put_in_state
from tests.helpers import login, parse

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Europe/Stockholm")
NS = {"a": "urn:x-delaktig:e-arkiv:arende:1"}
SCHEMA = etree.XMLSchema(etree.parse(str(archive.SCHEMA_PATH)))
# An uploaded PDF as the meeting system gave it: not ours, kept byte for byte.
RECEIVED_PDF = b"%PDF-1.4\n% protokollsutdrag fran motessystemet\n%%EOF\n"
STEERING_PDF = b"%PDF-1.4\n% riktlinjer\n%%EOF\n"


def close(dialogue: Dialogue, by, state=State.CLOSED) -> Dialogue:
    """Put the dialogue at an end with its closing step in the timeline."""
    source = dialogue.state
    Dialogue.objects.filter(pk=dialogue.pk).update(state=state)
    TransitionLog.objects.create(
        dialogue=dialogue,
        transition={State.CLOSED: "close", State.REJECTED: "reject"}.get(state, "cancel"),
        source=source,
        target=state,
        by=by,
        at=datetime(2025, 10, 1, 9, 0, tzinfo=TZ),
        comment="Återkoppling publicerad.",
    )
    return Dialogue.objects.get(pk=dialogue.pk)


@pytest.fixture
def fake_pdf(monkeypatch):
    """WeasyPrint replaced where the PDF itself is not under test."""
    calls = []

    def render(document):
        calls.append(document)
        return f"%PDF-1.7 fake {len(calls)} {document.title}".encode()

    monkeypatch.setattr("reports.archive.render_pdf", render)
    return calls


@pytest.fixture
def closed(full, cast):
    dialogue, extra = full
    final = extra["final"]
    ProtocolExtract.objects.create(
        decision=final,
        version=1,
        file=ContentFile(RECEIVED_PDF, name="utdrag.pdf"),
        original_name="Protokollsutdrag KS § 113.pdf",
        sha256=hashlib.sha256(RECEIVED_PDF).hexdigest(),
        size=len(RECEIVED_PDF),
        uploaded_by=cast.clerk,
    )
    changed = SteeringDocument.objects.create(
        title="Riktlinjer för trygghet",
        type=DocumentType.objects.get(name="Riktlinje"),
        adopting_body=cast.body,
        status="adopted",
        case_number="KS 2020/3",
        file=ContentFile(STEERING_PDF, name="riktlinjer.pdf"),
    )
    dialogue.changed_documents.add(changed)
    dialogue = close(dialogue, cast.official)
    return dialogue, {**extra, "changed": changed}


def export_folder(case_number, tmp_path) -> Path:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    call_command("export_archive", case_number, "-o", str(out), stdout=io.StringIO())
    package = ArchivePackage.objects.latest("created_at", "pk")
    return out / package.name


def xmp_pdfa(data: bytes) -> tuple[str, str]:
    xmp = PdfReader(io.BytesIO(data)).xmp_metadata
    root = etree.fromstring(xmp.stream.get_data())
    pdfaid = "http://www.aiim.org/pdfa/ns/id/"
    part = root.xpath("//@pdfaid:part | //pdfaid:part/text()", namespaces={"pdfaid": pdfaid})
    level = root.xpath(
        "//@pdfaid:conformance | //pdfaid:conformance/text()", namespaces={"pdfaid": pdfaid}
    )
    return (str(part[0]) if part else "", str(level[0]) if level else "")


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# -- The package, rendered for real ----------------------------------------------------------


def test_package_validates_every_checksum_holds_and_pdfs_are_pdfa(closed, cast, tmp_path):
    dialogue, extra = closed
    folder = export_folder(dialogue.case_number, tmp_path)

    # The XML validates against the project's schema.
    document = etree.parse(str(folder / archive.METADATA))
    SCHEMA.assertValid(document)
    case = document.find("a:ArkivobjektListaArenden/a:ArkivobjektArende", NS)
    assert case.findtext("a:ArkivobjektID", namespaces=NS) == dialogue.case_number
    assert case.findtext("a:Slutlage", namespaces=NS) == "genomford"
    decisions = case.findall("a:ListaBeslut/a:Beslut", NS)
    assert {d.findtext("a:Paragraf", namespaces=NS) for d in decisions} == {
        "§ 12",
        "§ 31",
        "§ 113",
    }
    actions = case.findall("a:Atgarder/a:Atgard", NS)
    assert [a.findtext("a:Atgardstyp", namespaces=NS) for a in actions][-1] == "close"
    parties = {
        (p.get("Roll"), p.findtext("a:Kod", namespaces=NS)) for p in case.iter(f"{{{NS['a']}}}Part")
    }
    assert ("ansvarigt_organ", cast.body.code) in parties
    assert ("beslutande_organ", cast.body.code) in parties

    # Every line of the manifest read again; every file listed; the XML's checksums agree.
    assert archive.verify_folder(folder) == []
    manifest = (folder / archive.MANIFEST).read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in manifest:
        expected, path = line.split("  ", 1)
        assert hashlib.sha256((folder / path).read_bytes()).hexdigest() == expected
        listed[path] = expected
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {
        archive.MANIFEST
    }
    assert set(listed) == files
    package = ArchivePackage.objects.get()
    assert (
        package.manifest_sha256
        == hashlib.sha256((folder / archive.MANIFEST).read_bytes()).hexdigest()
    )

    records = case.findall("a:ArkivobjektListaHandlingar/a:ArkivobjektHandling", NS)
    assert package.document_count == len(records)
    kinds = [r.findtext("a:Handlingstyp", namespaces=NS) for r in records]
    assert kinds[0] == "arendeblad"
    assert {"beslutsunderlag", "registerutdrag", "dialograpport", "protokollsutdrag"} <= set(kinds)
    assert "styrdokument" in kinds
    for record in records:
        attachment = record.find("a:Bilaga", NS)
        data = (folder / attachment.get("Lank")).read_bytes()
        assert (
            attachment.get("Checksumma")
            == hashlib.sha256(data).hexdigest()
            == listed[attachment.get("Lank")]
        )
        assert int(attachment.get("Storlek")) == len(data)
        if record.findtext("a:Riktning", namespaces=NS) == "upprattad":
            # Delaktig's own: PDF/A-2b, the text readable.
            assert attachment.get("Arkivformat") == "PDF/A-2b"
            assert xmp_pdfa(data) == ("2", "B")
            assert pdf_text(data).strip()
        else:
            # From outside: kept exactly as received, no archival format claimed.
            assert attachment.get("Arkivformat") is None
            assert data in (RECEIVED_PDF, STEERING_PDF)

    sheet = records[0].find("a:Bilaga", NS).get("Lank")
    text = pdf_text((folder / sheet).read_bytes())
    assert dialogue.case_number in text
    assert dialogue.title in text
    assert "113" in text


# -- The pipeline, with a fake renderer ------------------------------------------------------


def test_second_export_makes_a_new_package_and_keeps_the_first(closed, cast, fake_pdf):
    dialogue, _extra = closed
    with time_machine.travel(datetime(2026, 3, 1, 10, 0, tzinfo=TZ), tick=False):
        first = archive.export_package(dialogue_id=dialogue.pk, user=cast.clerk)
    first_bytes = archive.read_package(first)
    with time_machine.travel(datetime(2026, 3, 2, 11, 30, tzinfo=TZ), tick=False):
        second = archive.export_package(dialogue_id=dialogue.pk, user=cast.clerk)
    assert first.pk != second.pk
    assert first.name != second.name
    assert first.name.endswith("_20260301T090000Z")
    assert second.name.endswith("_20260302T103000Z")
    # The first is untouched: same file, same checksum.
    assert archive.read_package(ArchivePackage.objects.get(pk=first.pk)) == first_bytes
    assert ArchivePackage.objects.filter(dialogue=dialogue).count() == 2
    with pytest.raises(ImmutableReport):
        first.delete()
    with pytest.raises(ImmutableReport):
        first.save()


def test_same_second_gives_a_distinct_name(closed, cast, fake_pdf):
    dialogue, _extra = closed
    with time_machine.travel(datetime(2026, 3, 1, 10, 0, tzinfo=TZ), tick=False):
        first = archive.export_package(dialogue_id=dialogue.pk, user=cast.clerk)
        second = archive.export_package(dialogue_id=dialogue.pk, user=cast.clerk)
    assert second.name == f"{first.name}-2"
    with zipfile.ZipFile(io.BytesIO(archive.read_package(second))) as zipped:
        assert all(n.startswith(f"{second.name}/") for n in zipped.namelist())


def test_stored_versions_go_in_with_their_checksums_and_the_rest_is_rendered(
    closed, cast, fake_pdf
):
    dialogue, _extra = closed
    stored = Report.objects.create(
        kind=Report.Kind.DIALOGUE_REPORT,
        subject=f"dialogue:{dialogue.pk}",
        dialogue=dialogue,
        version=1,
        title="Dialograpport",
        created_by=cast.official,
    )
    from reports.services import store

    store(stored, b"%PDF-1.7 stored report")
    package = archive.export_package(dialogue_id=dialogue.pk, user=cast.clerk)
    with zipfile.ZipFile(io.BytesIO(archive.read_package(package))) as zipped:
        names = zipped.namelist()
        reports = [n for n in names if "-dialograpport-" in n]
        assert len(reports) == 1 and reports[0].endswith("-v1.pdf")
        assert zipped.read(reports[0]) == b"%PDF-1.7 stored report"
    rendered = {d.kind for d in fake_pdf}
    # Not rendered again: it was stored; the case sheet and the rest were.
    assert "report" not in rendered
    assert {"archive-case", "decision-basis", "extract"} <= rendered


def test_an_altered_stored_file_refuses_the_export_and_stores_nothing(closed, cast, fake_pdf):
    dialogue, _extra = closed
    extract = ProtocolExtract.objects.get()
    Path(extract.file.path).write_bytes(b"%PDF-1.4 altered")
    with pytest.raises(Conflict):
        archive.export_package(dialogue_id=dialogue.pk, user=cast.clerk)
    assert not ArchivePackage.objects.exists()


# -- Refusals ---------------------------------------------------------------------------------


def test_unknown_case_number_is_refused_by_the_command(closed, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(CommandError) as refused:
        call_command("export_archive", "KS 1999/9999", "-o", str(out), stdout=io.StringIO())
    assert "KS 1999/9999" in str(refused.value)
    assert not ArchivePackage.objects.exists()
    assert list(out.iterdir()) == []


def test_case_number_found_with_other_spacing_and_case(closed, fake_pdf, tmp_path):
    dialogue, _extra = closed
    typed = dialogue.case_number.replace(" ", "").lower()
    assert archive.find_case(typed).pk == dialogue.pk
    assert archive.find_case(f"  {dialogue.case_number}  ").pk == dialogue.pk


@pytest.mark.parametrize("state", [State.PROCESSING, State.DECISION, State.INITIATIVE])
def test_a_case_that_has_not_ended_is_refused_with_the_reason(cast, state, tmp_path):
    dialogue = put_in_state(make_dialogue(cast), state)
    with pytest.raises(CommandError) as refused:
        call_command(
            "export_archive", dialogue.case_number, "-o", str(tmp_path), stdout=io.StringIO()
        )
    assert str(dialogue.get_state_display()) in str(refused.value)
    assert not ArchivePackage.objects.exists()
    with pytest.raises(ActionRefused):
        archive.export_package(dialogue_id=dialogue.pk, user=cast.clerk)


@pytest.mark.parametrize("state", [State.REJECTED, State.CANCELLED])
def test_rejected_and_cancelled_cases_are_exported_too(cast, state, fake_pdf, tmp_path):
    dialogue = put_in_state(make_dialogue(cast), State.MANDATE_DECISION)
    dialogue = close(dialogue, cast.clerk, state)
    folder = export_folder(dialogue.case_number, tmp_path)
    document = etree.parse(str(folder / archive.METADATA))
    SCHEMA.assertValid(document)
    ending = document.findtext(".//a:Slutlage", namespaces=NS)
    assert ending == {State.REJECTED: "avslagen", State.CANCELLED: "avbruten"}[state]
    assert archive.verify_folder(folder) == []


def test_an_unregistered_ended_case_is_refused(cast):
    dialogue = put_in_state(make_dialogue(cast), State.CANCELLED, registered=False)
    with pytest.raises(ActionRefused) as refused:
        archive.export_package(dialogue_id=dialogue.pk, user=cast.clerk)
    assert "case number" in str(refused.value) or "diarienummer" in str(refused.value)


def test_an_unwritable_output_is_refused_before_anything_is_stored(closed, tmp_path):
    dialogue, _extra = closed
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    for output in (a_file, a_file / "below"):
        with pytest.raises(CommandError) as refused:
            call_command(
                "export_archive", dialogue.case_number, "-o", str(output), stdout=io.StringIO()
            )
        assert str(a_file) in str(refused.value)
    assert not ArchivePackage.objects.exists()


def test_a_missing_output_folder_is_made(closed, fake_pdf, tmp_path):
    dialogue, _extra = closed
    target = tmp_path / "new" / "deliveries"
    call_command("export_archive", dialogue.case_number, "-o", str(target), stdout=io.StringIO())
    package = ArchivePackage.objects.get()
    assert package.created_by is None
    assert archive.verify_folder(target / package.name) == []


def test_a_tampered_package_is_not_handed_out(closed, cast, fake_pdf, client):
    dialogue, _extra = closed
    package = archive.export_package(dialogue_id=dialogue.pk, user=cast.clerk)
    Path(package.file.path).write_bytes(b"PK altered")
    with pytest.raises(Conflict):
        archive.read_package(package)
    login(client, cast.clerk)
    response = client.get(reverse("reports:archive_download", args=[package.pk]))
    assert response.status_code == 409


# -- Permissions and pages -------------------------------------------------------------------


def test_only_the_registrar_may_export(
    closed, cast, fake_pdf, client, django_capture_on_commit_callbacks
):
    dialogue, _extra = closed
    url = reverse("reports:archive_export", args=[dialogue.pk])
    for role, person in cast.everyone().items():
        if role == "clerk":
            continue
        client.logout()
        login(client, person)
        assert client.post(url).status_code == 403, role
    assert not ArchivePackage.objects.exists()
    client.logout()
    assert client.post(url).status_code == 302  # to the log-in page
    assert not ArchivePackage.objects.exists()
    with pytest.raises(PermissionRefused):
        archive.export_package(dialogue_id=dialogue.pk, user=cast.official)

    login(client, cast.clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    package = ArchivePackage.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith("#archive-export-status")
    assert package.created_by == cast.clerk


def test_the_packages_page_lists_and_downloads(closed, cast, fake_pdf, client):
    dialogue, _extra = closed
    package = archive.export_package(dialogue_id=dialogue.pk, user=cast.clerk)
    page_url = reverse("reports:archive_packages", args=[dialogue.pk])

    login(client, cast.official)
    page = parse(client.get(page_url))
    assert page.select_one(f"#package-{package.pk}") is not None
    assert page.select_one("#archive-export") is None  # not the official's to export
    response = client.get(reverse("reports:archive_download", args=[package.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert hashlib.sha256(data).hexdigest() == package.sha256
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        assert f"{package.name}/{archive.METADATA}" in zipped.namelist()
        assert f"{package.name}/{archive.MANIFEST}" in zipped.namelist()

    client.logout()
    login(client, cast.outsider)
    assert client.get(page_url).status_code == 403
    assert client.get(reverse("reports:archive_download", args=[package.pk])).status_code == 403

    client.logout()
    login(client, cast.clerk)
    page = parse(client.get(page_url))
    assert page.select_one("#archive-export") is not None


def test_the_button_on_the_dialogue_page(closed, cast, client):
    dialogue, _extra = closed
    detail = reverse("dialog:detail", args=[dialogue.pk])
    login(client, cast.clerk)
    page = parse(client.get(detail))
    form = page.select_one("#reports #archive-export")
    assert form is not None
    assert form["action"] == reverse("reports:archive_export", args=[dialogue.pk])
    assert form["method"] == "post"
    client.logout()
    login(client, cast.official)
    page = parse(client.get(detail))
    assert page.select_one("#reports #archive-export") is None
    assert page.select_one(
        f"#reports a[href='{reverse('reports:archive_packages', args=[dialogue.pk])}']"
    )


def test_no_button_on_an_ongoing_dialogue(cast, client):
    dialogue = put_in_state(make_dialogue(cast), State.PROCESSING)
    login(client, cast.clerk)
    page = parse(client.get(reverse("dialog:detail", args=[dialogue.pk])))
    assert page.select_one("#archive-export") is None
    assert page.select_one("#e-archive") is None


def test_registrar_pressing_on_an_ongoing_case_gets_the_reason(cast, client):
    dialogue = put_in_state(make_dialogue(cast), State.FEEDBACK)
    login(client, cast.clerk)
    response = client.post(reverse("reports:archive_export", args=[dialogue.pk]))
    assert response.status_code == 400
    page = parse(response)
    assert page.select_one("#refusal") is not None
    assert str(dialogue.get_state_display()) in page.select_one("#refusal").get_text()
    assert not ArchivePackage.objects.exists()


# -- The export in the background (reports/archive_exports.py) -------------------------------


def press_export(client, dialogue, capture, *, run=True):
    """The registrar's button; `run`: the transaction commits and the task runs (at once, the
    immediate backend), else the export stays queued as it does until a worker takes it."""
    url = reverse("reports:archive_export", args=[dialogue.pk])
    if not run:
        return client.post(url)
    with capture(execute=True) as callbacks:
        response = client.post(url)
    assert len(callbacks) == 1  # enqueued only once the export is committed
    return response


def status_box(client, dialogue):
    page = parse(client.get(reverse("reports:archive_packages", args=[dialogue.pk])))
    return page, page.select_one("#archive-export-status")


def test_the_button_queues_the_export_and_the_task_makes_the_package(
    closed, cast, fake_pdf, client, django_capture_on_commit_callbacks
):
    dialogue, _extra = closed
    login(client, cast.clerk)
    response = press_export(client, dialogue, django_capture_on_commit_callbacks, run=False)
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("reports:archive_packages", args=[dialogue.pk]) + "#archive-export-status"
    )
    export = ArchiveExport.objects.get()
    assert export.status == "queued" and export.requested_by == cast.clerk
    assert not ArchivePackage.objects.exists() and fake_pdf == []  # nothing made in the request

    # The page, without JavaScript, says it is queued; htmx polls the status; no second button.
    page, box = status_box(client, dialogue)
    assert box["data-status"] == "queued"
    assert box["hx-get"] == reverse("reports:archive_export_status", args=[export.pk])
    assert page.select_one("#archive-export") is None

    archive_exports.run_export(export.pk)
    export.refresh_from_db()
    package = ArchivePackage.objects.get()
    assert export.status == "done" and export.package == package and export.attempts == 1
    assert package.created_by == cast.clerk and export.finished_at is not None
    page, box = status_box(client, dialogue)
    assert box is None
    assert page.select_one(f"#package-{package.pk}") is not None
    assert page.select_one("#archive-export") is not None  # another export may be made


def test_the_task_is_enqueued_on_commit_and_run_by_the_queue(
    closed, cast, fake_pdf, client, django_capture_on_commit_callbacks
):
    dialogue, _extra = closed
    login(client, cast.clerk)
    press_export(client, dialogue, django_capture_on_commit_callbacks)
    export = ArchiveExport.objects.select_related("package").get()
    assert export.status == "done" and export.task_id
    assert export.package.document_count >= 8


def test_a_failed_export_records_the_reason_and_can_be_tried_again(
    closed, cast, client, monkeypatch, django_capture_on_commit_callbacks
):
    dialogue, _extra = closed

    def broken(document):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("reports.archive.render_pdf", broken)
    login(client, cast.clerk)
    assert press_export(client, dialogue, django_capture_on_commit_callbacks).status_code == 302
    export = ArchiveExport.objects.get()
    assert export.status == "failed" and "no fonts" in export.error
    assert not ArchivePackage.objects.exists()
    page, box = status_box(client, dialogue)
    assert box["data-status"] == "failed" and "no fonts" in box.get_text()
    assert not box.has_attr("hx-get")  # nothing to poll
    retry = box.select_one("#archive-export-retry")
    assert retry["action"] == reverse("reports:archive_export_retry", args=[export.pk])

    monkeypatch.setattr("reports.archive.render_pdf", lambda document: b"%PDF-1.7 fixed")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry["action"])
    assert response.status_code == 302
    export.refresh_from_db()
    assert export.status == "done" and export.attempts == 2 and export.error == ""
    assert export.package == ArchivePackage.objects.get()
    # Only a failed export is tried again.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retry["action"]).status_code == 409
    assert ArchivePackage.objects.count() == 1


def test_a_second_request_while_one_is_pending_is_refused(
    closed, cast, fake_pdf, client, django_capture_on_commit_callbacks
):
    dialogue, _extra = closed
    login(client, cast.clerk)
    press_export(client, dialogue, django_capture_on_commit_callbacks, run=False)
    response = press_export(client, dialogue, django_capture_on_commit_callbacks, run=False)
    assert response.status_code == 409
    page = parse(response)
    assert page.select_one("#refusal") is not None
    assert page.select_one("#archive-export-status")["data-status"] == "queued"
    assert ArchiveExport.objects.count() == 1
    with pytest.raises(Conflict):
        archive_exports.request_export(dialogue_id=dialogue.pk, user=cast.clerk)
    # Running is pending too; and the database holds it whoever writes the row.
    ArchiveExport.objects.update(status="running", started_at=timezone.now(), attempts=1)
    with pytest.raises(Conflict):
        archive_exports.request_export(dialogue_id=dialogue.pk, user=cast.clerk)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArchiveExport.objects.create(dialogue=dialogue, requested_by=cast.clerk)
    # Once it has ended, a new export may be asked for.
    ArchiveExport.objects.update(status="failed")
    assert archive_exports.request_export(dialogue_id=dialogue.pk, user=cast.clerk).pk


def test_only_the_registrar_may_retry_and_everyone_with_a_role_sees_the_status(
    closed, cast, fake_pdf, client
):
    dialogue, _extra = closed
    export = ArchiveExport.objects.create(
        dialogue=dialogue, requested_by=cast.clerk, status="failed", error="no fonts"
    )
    retry = reverse("reports:archive_export_retry", args=[export.pk])
    status = reverse("reports:archive_export_status", args=[export.pk])
    login(client, cast.official)
    assert client.post(retry).status_code == 403
    page, box = status_box(client, dialogue)
    assert "no fonts" in box.get_text() and box.select_one("#archive-export-retry") is None
    assert client.get(status).status_code == 302
    client.logout()
    login(client, cast.outsider)
    assert client.get(status).status_code == 403
    assert client.post(retry).status_code == 403
    with pytest.raises(PermissionRefused):
        archive_exports.retry_export(export_id=export.pk, user=cast.official)
    export.refresh_from_db()
    assert export.status == "failed"
    client.logout()
    assert client.post(retry).status_code == 302  # to the log-in page
    login(client, cast.clerk)
    assert client.post(reverse("reports:archive_export_retry", args=[99999])).status_code == 404
    assert client.get(reverse("reports:archive_export_status", args=[99999])).status_code == 404


def test_the_status_polls_with_htmx_and_reloads_the_page_once_ended(closed, cast, client):
    dialogue, _extra = closed
    export = ArchiveExport.objects.create(dialogue=dialogue, requested_by=cast.clerk)
    url = reverse("reports:archive_export_status", args=[export.pk])
    login(client, cast.official)
    # Without JavaScript: the packages page, where the status is.
    response = client.get(url)
    assert response["Location"].endswith("#archive-export-status")
    ArchiveExport.objects.filter(pk=export.pk).update(status="running")
    box = parse(client.get(url, headers={"HX-Request": "true"})).select_one(
        "#archive-export-status"
    )
    assert box["data-status"] == "running" and box["hx-get"] == url
    ArchiveExport.objects.filter(pk=export.pk).update(status="failed", error="x")
    response = client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"


def test_the_task_checks_the_case_again(closed, cast, fake_pdf, client):
    """The case reopened, or the registrar's role ended, between the click and the worker: the
    export fails with the reason and nothing is stored."""
    dialogue, _extra = closed
    export = archive_exports.request_export(dialogue_id=dialogue.pk, user=cast.clerk)
    Dialogue.objects.filter(pk=dialogue.pk).update(state=State.PROCESSING)
    assert archive_exports.run_export(export.pk) == "failed"
    export.refresh_from_db()
    assert str(State.PROCESSING.label) in export.error or "closed" in export.error
    assert not ArchivePackage.objects.exists()

    Dialogue.objects.filter(pk=dialogue.pk).update(state=State.CLOSED)
    ArchiveExport.objects.filter(pk=export.pk).update(requested_by=cast.official)
    assert archive_exports.retry_export(export_id=export.pk, user=cast.clerk)
    ArchiveExport.objects.filter(pk=export.pk).update(requested_by=cast.official)
    assert archive_exports.run_export(export.pk) == "failed"
    assert not ArchivePackage.objects.exists()


def test_the_state_checked_under_the_lock_when_storing(closed, cast, monkeypatch):
    dialogue, _extra = closed
    export = archive_exports.request_export(dialogue_id=dialogue.pk, user=cast.clerk)

    def reopened_meanwhile(document):
        Dialogue.objects.filter(pk=dialogue.pk).update(state=State.PROCESSING)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr("reports.archive.render_pdf", reopened_meanwhile)
    assert archive_exports.run_export(export.pk) == "failed"
    assert not ArchivePackage.objects.exists()


def test_an_export_left_running_is_failed_after_its_timeout_and_retried(
    closed, cast, fake_pdf, client, settings, django_capture_on_commit_callbacks
):
    dialogue, _extra = closed
    export = archive_exports.request_export(dialogue_id=dialogue.pk, user=cast.clerk)
    # A worker took it up and died.
    started = timezone.now()
    ArchiveExport.objects.filter(pk=export.pk).update(
        status="running", started_at=started, attempts=1
    )
    settings.ARCHIVE_EXPORT_TIMEOUT = 600
    assert archive_exports.fail_stuck_exports(now=started + timedelta(minutes=9)) == 0
    login(client, cast.clerk)
    # Still within the timeout: a second click is refused.
    response = press_export(client, dialogue, django_capture_on_commit_callbacks, run=False)
    assert response.status_code == 409
    assert archive_exports.fail_stuck_exports(now=started + timedelta(minutes=11)) == 1
    export.refresh_from_db()
    assert export.status == "failed" and "10 minut" in export.error  # Swedish once merged
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:archive_export_retry", args=[export.pk]))
    export.refresh_from_db()
    assert export.status == "done" and export.attempts == 2


def test_the_periodic_command_and_a_new_click_fail_a_dead_export(
    closed, cast, fake_pdf, client, django_capture_on_commit_callbacks
):
    dialogue, _extra = closed
    dead = archive_exports.request_export(dialogue_id=dialogue.pk, user=cast.clerk)
    long_ago = timezone.now() - timedelta(hours=2)
    ArchiveExport.objects.filter(pk=dead.pk).update(
        status="running", started_at=long_ago, attempts=1
    )
    login(client, cast.clerk)
    # The click does not wait for the scheduler: the dead one is failed, the new one runs.
    assert press_export(client, dialogue, django_capture_on_commit_callbacks).status_code == 302
    assert ArchiveExport.objects.get(pk=dead.pk).status == "failed"
    assert ArchiveExport.objects.exclude(pk=dead.pk).get().status == "done"

    other = ArchiveExport.objects.create(
        dialogue=dialogue, requested_by=cast.clerk, status="running", started_at=long_ago
    )
    out = io.StringIO()
    call_command("fail_stuck_reports", stdout=out)
    assert ArchiveExport.objects.get(pk=other.pk).status == "failed"
    assert "1 stuck e-archive export" in out.getvalue()


def test_an_attempt_finishing_after_it_was_taken_for_dead_stores_nothing(closed, cast, monkeypatch):
    dialogue, _extra = closed
    export = archive_exports.request_export(dialogue_id=dialogue.pk, user=cast.clerk)

    def slow(document):
        # Meanwhile taken for dead and queued again: a newer attempt owns the export.
        ArchiveExport.objects.filter(pk=export.pk).update(
            status="queued", attempts=F("attempts") + 1
        )
        return b"%PDF-1.7 late"

    monkeypatch.setattr("reports.archive.render_pdf", slow)
    assert archive_exports.run_export(export.pk) == "queued"
    assert not ArchivePackage.objects.exists()
    assert archive_exports.run_export(99999) == "missing"


def test_a_queue_that_is_down_fails_the_export_with_the_reason(
    closed, cast, monkeypatch, django_capture_on_commit_callbacks
):
    dialogue, _extra = closed

    class Down:
        def enqueue(self, *args):
            raise ConnectionError("queue down")

    down = dataclasses.replace(archive_exports.EXPORTS, task=Down)
    monkeypatch.setattr(archive_exports, "EXPORTS", down)
    with django_capture_on_commit_callbacks(execute=True):
        export = archive_exports.request_export(dialogue_id=dialogue.pk, user=cast.clerk)
    export.refresh_from_db()
    assert export.status == "failed" and "queue down" in export.error


def test_the_packages_page_takes_the_same_queries_however_many_packages(
    closed, cast, fake_pdf, client
):
    dialogue, _extra = closed
    url = reverse("reports:archive_packages", args=[dialogue.pk])
    login(client, cast.clerk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get(url)  # sessions, content types: cached after the first page
    empty = queries()
    for day in (1, 2, 3):
        with time_machine.travel(datetime(2026, 3, day, 10, 0, tzinfo=TZ), tick=False):
            archive.export_package(dialogue_id=dialogue.pk, user=cast.clerk)
    ArchiveExport.objects.create(
        dialogue=dialogue, requested_by=cast.official, status="failed", error="x"
    )
    with_many = queries()
    assert with_many == empty

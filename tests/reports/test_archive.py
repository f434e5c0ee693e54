"""The e-archive package of a closed case (issue 15, item 5): reports/archive.py, the command
`export_archive`, the registrar's button and the packages page.

The package's XML is validated against the project's own schema (docs/e-archive/), every
checksum of the manifest is read again from the files, and Delaktig's PDFs are PDF/A (their XMP
metadata) with their text read back.
"""

import hashlib
import io
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree
from pypdf import PdfReader

from core.errors import ActionRefused, Conflict, PermissionRefused
from dialog.models import Dialogue, State, TransitionLog
from governance.models import DocumentType, SteeringDocument
from reports import archive
from reports.models import ArchivePackage, ImmutableReport, ProtocolExtract, Report
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


def test_a_failing_render_is_a_refusal_not_a_crash(closed, cast, monkeypatch, client):
    dialogue, _extra = closed

    def broken(document):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("reports.archive.render_pdf", broken)
    login(client, cast.clerk)
    response = client.post(reverse("reports:archive_export", args=[dialogue.pk]))
    assert response.status_code == 409
    assert "no fonts" in parse(response).select_one("#refusal").get_text()
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


def test_only_the_registrar_may_export(closed, cast, fake_pdf, client):
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
    response = client.post(url)
    package = ArchivePackage.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#package-{package.pk}")
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

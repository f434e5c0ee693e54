"""The justerat protokollsutdrag (issue 12, item 6): the deciding body's secretary uploads the
PDF to a decision; it is stored with its SHA-256 checksum as a new version each time, shown on
the dialogue page's decisions and downloadable by those who may read the dialogue."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from pypdf import PdfReader
from weasyprint import HTML

from dialog.models import DecisionPoint
from reports import uploads
from reports.models import ImmutableReport, ProtocolExtract
from roles.models import Membership
from tests.factories import make_member, record_decision, register_directly
from tests.helpers import element, has, login, text


def protocol_pdf(paragraph="113") -> bytes:
    """A real PDF, as a meeting system would save the justerat protokollsutdrag."""
    return HTML(
        string=f"<h1>Protokollsutdrag</h1><p>Kommunstyrelsen 2026-01-20 § {paragraph}</p>"
        "<p>Justerat 2026-01-22. Rätt utdraget intygar: Karin Sekreterare</p>"
    ).write_pdf()


def pdf_upload(data=None, name="KS-2026-01-20-113.pdf"):
    return SimpleUploadedFile(name, data if data is not None else protocol_pdf(), "application/pdf")


@pytest.fixture
def decision(cast, dialogue):
    register_directly(dialogue)
    return record_decision(dialogue, DecisionPoint.MANDATE, by=cast.clerk, paragraph="113")


def url(decision):
    return reverse("reports:protocol_extracts", args=[decision.pk])


def download_url(extract):
    return reverse("reports:download_protocol_extract", args=[extract.pk])


def test_the_secretary_uploads_the_extract(client, cast, decision):
    data = protocol_pdf()
    login(client, cast.clerk)
    response = client.post(url(decision), {"file": pdf_upload(data)})
    assert response.status_code == 302
    extract = ProtocolExtract.objects.get()
    assert (extract.decision, extract.version, extract.uploaded_by) == (decision, 1, cast.clerk)
    assert extract.sha256 == hashlib.sha256(data).hexdigest()
    assert extract.size == len(data)
    assert extract.original_name == "KS-2026-01-20-113.pdf"
    assert extract.uploaded_at is not None

    # Those who may read the dialogue download it, byte for byte, and it is the real PDF.
    login(client, cast.official)
    download = client.get(download_url(extract))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert body == data
    pages = PdfReader(io.BytesIO(body)).pages
    assert "Protokollsutdrag" in pages[0].extract_text()
    assert "§ 113" in pages[0].extract_text()


def test_a_new_upload_is_a_new_version_and_the_old_one_is_kept(client, cast, decision):
    first, second = protocol_pdf("113"), protocol_pdf("113 (rättad)")
    login(client, cast.clerk)
    client.post(url(decision), {"file": pdf_upload(first)})
    client.post(url(decision), {"file": pdf_upload(second)})
    v1, v2 = ProtocolExtract.objects.order_by("version")
    assert (v1.version, v2.version) == (1, 2)
    assert v1.file.name != v2.file.name
    assert client.get(download_url(v1)).content == first
    assert client.get(download_url(v2)).content == second
    page = client.get(url(decision))
    rows = element(page, "#extract-versions").select("tbody tr")
    assert [row["id"] for row in rows] == [f"extract-{v2.pk}", f"extract-{v1.pk}"]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"Protokoll \xc2\xa7 113\n", "utdrag.pdf"),  # text named .pdf
        (b"%PDF-1.7\n1 0 obj\n", "avbruten.pdf"),  # a PDF cut short: no end marker
        (b"PK\x03\x04 a zip file", "utdrag.docx"),
    ],
)
def test_what_is_not_a_pdf_is_refused_on_the_field(client, cast, decision, data, name):
    login(client, cast.clerk)
    response = client.post(url(decision), {"file": pdf_upload(data, name)})
    assert response.status_code == 400
    message = _("The file is not a PDF: upload the extract as the meeting system saved it.")
    assert message in text(response, ".field--error")
    assert not ProtocolExtract.objects.exists()


def test_too_large_and_missing_files_are_refused(client, cast, decision, settings):
    login(client, cast.clerk)
    settings.PROTOCOL_EXTRACT_MAX_BYTES = 1000
    response = client.post(url(decision), {"file": pdf_upload()})
    assert response.status_code == 400
    too_large = _("The file is larger than %(limit)s.") % {"limit": filesizeformat(1000)}
    assert " ".join(too_large.split()) in text(response, ".field--error")
    response = client.post(url(decision), {})
    assert response.status_code == 400
    assert _("Choose the extract's PDF file.") in text(response, ".field--error")
    assert not ProtocolExtract.objects.exists()


def test_nothing_is_stored_on_a_refusal(cast, decision, settings):
    with pytest.raises(uploads.ValidationError):
        uploads.upload_protocol_extract(
            decision_id=decision.pk, user=cast.clerk, upload=pdf_upload(b"not a pdf")
        )
    media = settings.MEDIA_ROOT
    assert not ProtocolExtract.objects.exists()
    assert not list(media.rglob("*.pdf")) if media.exists() else True


@pytest.mark.parametrize("role", ["official", "politician", "other_clerk", "outsider"])
def test_only_the_deciding_bodys_secretary_uploads(client, cast, decision, role):
    login(client, getattr(cast, role))
    response = client.post(url(decision), {"file": pdf_upload()})
    assert response.status_code == 403
    assert not ProtocolExtract.objects.exists()
    with pytest.raises(uploads.PermissionRefused):
        uploads.upload_protocol_extract(
            decision_id=decision.pk, user=getattr(cast, role), upload=pdf_upload()
        )


def test_a_registrar_only_does_not_upload(client, cast, decision):
    registrar = make_member(cast.body, Membership.Role.REGISTRAR)
    login(client, registrar)
    assert client.post(url(decision), {"file": pdf_upload()}).status_code == 403
    # ... but reads it, like everyone with a role.
    assert client.get(url(decision)).status_code == 200
    assert not has(client.get(url(decision)), "#extract-upload")


def test_who_may_read_it(client, cast, decision):
    extract = uploads.upload_protocol_extract(
        decision_id=decision.pk, user=cast.clerk, upload=pdf_upload()
    )
    for person in (cast.official, cast.politician, cast.other_politician, cast.other_clerk):
        login(client, person)
        assert client.get(download_url(extract)).status_code == 200
        assert client.get(url(decision)).status_code == 200
    login(client, cast.outsider)
    assert client.get(download_url(extract)).status_code == 403
    assert client.get(url(decision)).status_code == 403
    client.logout()
    assert client.get(download_url(extract)).status_code == 302


def test_the_dialogue_page_shows_the_extract_on_its_decision(client, cast, decision):
    login(client, cast.official)
    page = client.get(decision.dialogue.get_absolute_url())
    assert text(page, f"#protocol-extract-{decision.pk}")  # the link to upload and read
    extract = uploads.upload_protocol_extract(
        decision_id=decision.pk, user=cast.clerk, upload=pdf_upload()
    )
    uploads.upload_protocol_extract(decision_id=decision.pk, user=cast.clerk, upload=pdf_upload())
    page = client.get(decision.dialogue.get_absolute_url())
    shown = element(page, f"#protocol-extract-{decision.pk}")
    hrefs = [a["href"] for a in shown.select("a")]
    latest = ProtocolExtract.objects.get(version=2)
    assert download_url(latest) in hrefs
    assert download_url(extract) not in hrefs
    assert url(decision) in hrefs


def test_an_altered_file_is_refused_at_download(client, cast, decision):
    extract = uploads.upload_protocol_extract(
        decision_id=decision.pk, user=cast.clerk, upload=pdf_upload()
    )
    with open(extract.file.path, "ab") as handle:
        handle.write(b"tampered")
    login(client, cast.official)
    assert client.get(download_url(extract)).status_code == 409


def test_a_stored_version_is_never_changed_or_deleted(cast, decision):
    extract = uploads.upload_protocol_extract(
        decision_id=decision.pk, user=cast.clerk, upload=pdf_upload()
    )
    extract.original_name = "annat.pdf"
    with pytest.raises(ImmutableReport):
        extract.save()
    with pytest.raises(ImmutableReport):
        extract.delete()
    assert ProtocolExtract.objects.get().original_name == "KS-2026-01-20-113.pdf"


def test_a_stance_has_no_extract_from_the_minutes(client, cast, dialogue):
    from dialog.models import Decision

    dialogue = register_directly(dialogue)
    stance = record_decision(
        dialogue,
        DecisionPoint.MANDATE,
        by=cast.official,
        kind=Decision.Kind.STANCE,
        paragraph="",
        informed_occasion="Presidiets möte 2026-01-12",
    )
    with pytest.raises(uploads.ValidationError) as raised:
        uploads.upload_protocol_extract(decision_id=stance.pk, user=cast.clerk, upload=pdf_upload())
    assert "file" in raised.value.message_dict
    assert not ProtocolExtract.objects.exists()
    login(client, cast.clerk)
    assert not has(client.get(dialogue.get_absolute_url()), f"#protocol-extract-{stance.pk}")
    assert not has(client.get(url(stance)), "#extract-upload")

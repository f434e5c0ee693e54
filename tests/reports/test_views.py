"""The reports pages: offers with what is missing, generating, statuses, retry, downloads."""

import hashlib
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader

from reports.models import Report
from tests.factories import make_dialogue, register_directly


def page(dialogue):
    return reverse("reports:dialogue", args=[dialogue.pk])


def generate_url(dialogue):
    return reverse("reports:generate", args=[dialogue.pk])


def test_the_dialogue_page_links_to_its_reports(client, cast, dialogue):
    client.force_login(cast.clerk)
    response = client.get(dialogue.get_absolute_url())
    assert page(dialogue) in response.content.decode()


def test_the_page_lists_what_each_document_lacks(client, cast):
    dialogue = register_directly(make_dialogue(cast))
    client.force_login(cast.clerk)
    response = client.get(page(dialogue))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="point" value="mandate"' in body  # ready: a generate button
    assert 'name="point" value="final"' not in body  # not ready: no button ...
    assert 'class="missing"' in body  # ... but the list of what is missing


def test_generate_download_and_read_back(client, cast, full):
    dialogue, _ = full
    client.force_login(cast.clerk)
    response = client.post(generate_url(dialogue), {"kind": "extract"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.is_done and report.kind == Report.Kind.EXTRACT
    listing = client.get(page(dialogue)).content.decode()
    assert reverse("reports:download", args=[report.pk]) in listing
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert hashlib.sha256(download.content).hexdigest() == report.sha256
    text = PdfReader(io.BytesIO(download.content)).pages[0].extract_text()
    assert "§ 113" in text


def test_missing_data_is_refused_on_the_page_with_the_list(client, cast, fake_render):
    dialogue = register_directly(make_dialogue(cast))
    client.force_login(cast.clerk)
    response = client.post(generate_url(dialogue), {"kind": "decision-basis", "point": "final"})
    assert response.status_code == 400
    assert 'id="refusal"' in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("who", ["politician", "other_clerk"])
def test_readers_see_but_cannot_generate(client, cast, full, fake_render, who):
    dialogue, _ = full
    client.force_login(cast.everyone()[who])
    assert client.get(page(dialogue)).status_code == 200
    assert 'name="kind"' not in client.get(page(dialogue)).content.decode()
    response = client.post(generate_url(dialogue), {"kind": "report"})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_outsiders_cannot_read(client, cast, full, fake_render):
    dialogue, _ = full
    client.force_login(cast.clerk)
    client.post(generate_url(dialogue), {"kind": "report"})
    report = Report.objects.get()
    client.force_login(cast.outsider)
    assert client.get(page(dialogue)).status_code == 403
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 403


def test_a_failed_report_shows_its_reason_and_retry_works(client, cast, full, monkeypatch):
    dialogue, _ = full

    def broken(document):
        raise OSError("disk full")

    monkeypatch.setattr("reports.services.render_pdf", broken)
    client.force_login(cast.official)
    client.post(generate_url(dialogue), {"kind": "decision-basis", "point": "final"})
    report = Report.objects.get()
    body = client.get(page(dialogue)).content.decode()
    assert "disk full" in body
    retry = reverse("reports:retry", args=[report.pk])
    assert retry in body
    monkeypatch.setattr("reports.services.render_pdf", lambda document: b"%PDF-1.7 retried")
    assert client.post(retry).status_code == 302
    report.refresh_from_db()
    assert report.is_done and report.version == 1


def test_a_pending_report_is_polled_with_htmx(client, cast, full):
    dialogue, _ = full
    report = Report.objects.create(
        kind=Report.Kind.DIALOGUE_REPORT,
        subject=f"dialogue:{dialogue.pk}",
        dialogue=dialogue,
        version=1,
        title="t",
        created_by=cast.clerk,
    )
    client.force_login(cast.clerk)
    response = client.get(reverse("reports:status", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in response.content.decode()
    without_js = client.get(reverse("reports:status", args=[report.pk]))
    assert without_js.status_code == 302


def test_a_tampered_file_is_not_served(client, cast, full, fake_render):
    dialogue, _ = full
    client.force_login(cast.clerk)
    client.post(generate_url(dialogue), {"kind": "report"})
    report = Report.objects.get()
    with open(report.file.path, "ab") as handle:
        handle.write(b"tampered")
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 409


def test_follow_up_page(client, cast, full, fake_render):
    client.force_login(cast.clerk)
    url = reverse("reports:follow_up")
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": cast.body.pk, "year": 2025})
    assert response.status_code == 302
    report = Report.objects.get(kind=Report.Kind.FOLLOW_UP)
    assert report.is_done and report.year == 2025
    listing = client.get(url, {"body": cast.body.pk, "year": 2025}).content.decode()
    assert reverse("reports:download", args=[report.pk]) in listing
    refused = client.post(url, {"body": cast.body.pk, "year": 2010})
    assert refused.status_code == 400 and 'id="refusal"' in refused.content.decode()
    client.force_login(cast.other_clerk)
    assert client.post(url, {"body": cast.body.pk, "year": 2025}).status_code == 403


def test_bad_input_does_not_crash(client, cast, full, fake_render):
    dialogue, _ = full
    client.force_login(cast.clerk)
    assert client.post(generate_url(dialogue), {"kind": "nonsense"}).status_code == 400
    bad_point = {"kind": "decision-basis", "point": "x"}
    assert client.post(generate_url(dialogue), bad_point).status_code == 400
    bad_decision = {"kind": "extract", "decision": "abc"}
    assert client.post(generate_url(dialogue), bad_decision).status_code in (302, 400)
    assert (
        client.post(reverse("reports:generate", args=[999999]), {"kind": "report"}).status_code
        == 404
    )
    assert client.get(reverse("reports:download", args=[999999])).status_code == 404
    url = reverse("reports:follow_up")
    assert client.post(url, {"body": "x", "year": "y"}).status_code == 400


@pytest.mark.parametrize("year", ["9999", "-5", "99999999999", "1899", "2999"])
def test_the_follow_up_refuses_a_year_out_of_range_with_a_reason(client, cast, year):
    """These were 500s (ValueError/OverflowError in the year's dates)."""
    client.force_login(cast.clerk)
    url = reverse("reports:follow_up")
    response = client.post(url, {"body": cast.body.pk, "year": year})
    assert response.status_code == 400
    reason = _("Choose a year from %(first)s to %(last)s.") % {
        "first": 1900,
        "last": timezone.localdate().year,
    }
    assert response.context["refusal"]["reasons"] == [reason]
    assert 'id="refusal"' in response.content.decode()
    assert not Report.objects.exists()
    assert client.get(url, {"body": cast.body.pk, "year": year}).status_code == 200

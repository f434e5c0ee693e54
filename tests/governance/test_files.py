"""Uploaded steering-document PDFs: served only through the permission-checked view, and at
most 20 MB (issue 8, item 9)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.models import MAX_PDF_BYTES, SteeringDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% en liten policy\n%%EOF\n"


def _post(client, types, bodies, upload):
    return client.post(
        reverse("governance:create"),
        {
            "title": "Policy för medborgardialog",
            "type": types["Policy"].pk,
            "status": "adopted",
            "adopting_body": bodies["KF"].pk,
            "decision_date": "2024-03-01",
            "file": upload,
        },
    )


@pytest.fixture
def with_file(client, cast, types, bodies):
    client.force_login(cast.clerk)
    upload = SimpleUploadedFile("policy.pdf", PDF, content_type="application/pdf")
    assert _post(client, types, bodies, upload).status_code == 302
    client.logout()
    return SteeringDocument.objects.get()


def test_a_reader_of_the_register_opens_the_pdf(client, cast, with_file):
    client.force_login(cast.politician)
    detail = client.get(with_file.get_absolute_url()).content.decode()
    url = reverse("governance:file", args=[with_file.pk])
    assert f'href="{url}"' in detail
    assert "/media/" not in detail  # never the public media path
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_others_do_not_get_the_pdf(client, cast, with_file):
    url = reverse("governance:file", args=[with_file.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 403


def test_no_file_is_a_404(client, cast, make_document):
    document = make_document()
    client.force_login(cast.politician)
    assert client.get(reverse("governance:file", args=[document.pk])).status_code == 404


def test_a_pdf_over_20_mb_is_a_field_error_and_nothing_is_saved(client, cast, types, bodies):
    assert MAX_PDF_BYTES == 20 * 1024 * 1024
    client.force_login(cast.clerk)
    big = SimpleUploadedFile(
        "stor.pdf", PDF + b"0" * (MAX_PDF_BYTES + 1 - len(PDF)), content_type="application/pdf"
    )
    response = _post(client, types, bodies, big)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["file"]
    assert "20 MB" in errors["file"][0]
    assert not SteeringDocument.objects.exists()

    exactly = SimpleUploadedFile(
        "lagom.pdf", PDF + b"0" * (MAX_PDF_BYTES - len(PDF)), content_type="application/pdf"
    )
    assert _post(client, types, bodies, exactly).status_code == 302

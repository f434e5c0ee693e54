"""The steering-document register as a PDF list: the list page's filters, metadata, page
numbers, and the register's read permission."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from governance import services
from governance.models import DocumentType
from roles.models import Body
from tests.factories import make_body

pytestmark = pytest.mark.django_db


def sv(message: str) -> str:
    with translation.override("sv"):
        return translation.gettext(message)


@pytest.fixture
def register(cast):
    types = {t.name: t for t in DocumentType.objects.all()}
    council = make_body("KF", "Kommunfullmäktige", kind=Body.Kind.COUNCIL)

    def make(title, type_name, body, **extra):
        data = {
            "title": title,
            "type": types[type_name],
            "adopting_body": body,
            "status": "adopted",
            "decision_date": date(2024, 3, 1),
            "paragraph": "57",
            "valid_from": date(2024, 3, 15),
            **extra,
        }
        return services.create_document(data=data, user=cast.official)

    return {
        "policy": make("Policy för medborgardialog", "Policy", council, owner_role="Kanslichef"),
        "guideline": make(
            "Riktlinjer för styrdokument", "Riktlinje", cast.body, valid_until=date(2027, 12, 31)
        ),
        "types": types,
    }


def pdf_text(response) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return reader, text


def test_pdf_lists_the_register_with_header_metadata_and_page_numbers(client, cast, register):
    client.force_login(cast.politician)
    response = client.get(reverse("reports:register_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader, text = pdf_text(response)
    assert reader.metadata["/Title"] == sv("Steering-document register")
    assert sv("Steering-document register") in text
    assert "Exempelby kommun" in text
    assert "Policy för medborgardialog" in text
    assert "Riktlinjer för styrdokument" in text
    assert "2024-03-01 § 57" in text
    assert "Kanslichef" in text
    assert "2027-12-31" in text
    assert sv("until further notice") in text  # the policy has no end date
    assert "Sida 1 av" in text


def test_pdf_follows_the_list_filters(client, cast, register):
    client.force_login(cast.politician)
    guideline_type = register["types"]["Riktlinje"]
    response = client.get(reverse("reports:register_pdf"), {"type": guideline_type.pk})
    _, text = pdf_text(response)
    assert "Riktlinjer för styrdokument" in text
    assert "Policy för medborgardialog" not in text
    assert guideline_type.name in text  # the filter in use is printed in the header

    _, text = pdf_text(client.get(reverse("reports:register_pdf"), {"q": "medborgardialog"}))
    assert "Policy för medborgardialog" in text
    assert "Riktlinjer för styrdokument" not in text


def test_user_without_the_registers_read_permission_is_refused(client, cast, register):
    client.force_login(cast.outsider)
    assert client.get(reverse("reports:register_pdf")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("reports:register_pdf"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_list_page_links_to_the_pdf_with_its_filters(client, cast, register):
    client.force_login(cast.politician)
    page = client.get(reverse("governance:list"), {"q": "policy"}).content.decode()
    assert f'href="{reverse("reports:register_pdf")}?q=policy"' in page

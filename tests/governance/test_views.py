import csv
import io
from datetime import date
from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import SteeringDocument
from tests.helpers import login, text

from .test_import import GOOD_CSV

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_as(client):
    """`client_as(user)`: the test client, logged in as `user`."""
    return partial(login, client)


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("governance:list"))
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize(
    "name", ["governance:list", "governance:tree", "governance:due", "governance:export"]
)
def test_outsider_is_refused_member_may_read(client_as, cast, name):
    assert client_as(cast.outsider).get(reverse(name)).status_code == 403
    assert client_as(cast.politician).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", ["governance:create", "governance:import"])
def test_politician_may_not_edit_or_import(client_as, cast, name):
    assert client_as(cast.politician).get(reverse(name)).status_code == 403
    assert client_as(cast.official).get(reverse(name)).status_code == 200


def test_list_search_and_filters(client_as, cast, make_document):
    make_document("Policy för medborgardialog", keywords="delaktighet")
    make_document("Riktlinjer för medborgardialog och delaktighet", "Riktlinje", "KS")
    make_document("Riktlinjer för styrdokument", "Riktlinje", "KS")
    client = client_as(cast.politician)
    page = client.get(reverse("governance:list"), {"q": "medborgardialog"}).content.decode()
    assert "Policy för medborgardialog" in page
    assert "Riktlinjer för medborgardialog och delaktighet" in page
    assert "Riktlinjer för styrdokument" not in page
    partial = client.get(reverse("governance:list"), {"q": "styrdokument"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "Riktlinjer för styrdokument" in partial.content.decode()


def test_list_queries_do_not_grow_with_the_register(client_as, cast, make_document):
    client = client_as(cast.politician)
    url = reverse("governance:list")

    def count_queries():
        client.get(url)  # warm the session and the user's roles
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for n in range(3):
        make_document(f"Policy {n}", keywords=f"ord{n}, gemensamt")
    small = count_queries()
    for n in range(3, 30):
        make_document(f"Policy {n}", keywords=f"ord{n}")
    large = count_queries()
    assert small == large
    assert large <= 12


def test_detail_shows_relations_and_history(client_as, cast, make_document, bodies):
    from governance import services

    old = make_document()
    new = services.adopt_new_version(
        old=old,
        data={"adopting_body": bodies["KF"], "decision_date": date(2026, 1, 20)},
        user=cast.clerk,
    )
    guideline = make_document("Riktlinje för medborgardialog", "Riktlinje", "KS", concretises=new)
    client = client_as(cast.politician)
    page = client.get(reverse("governance:detail", args=[new.pk])).content.decode()
    assert 'id="replaces"' in page and f'href="/styrdokument/{old.pk}/"' in page
    assert 'id="concretised-by"' in page and guideline.title in page
    old_page = client.get(reverse("governance:detail", args=[old.pk])).content.decode()
    assert 'id="replaced-by"' in old_page
    assert 'id="history"' in old_page
    assert client.get(reverse("governance:detail", args=[9999])).status_code == 404


def test_create_document(client_as, cast, types, bodies):
    client = client_as(cast.official)
    pdf = SimpleUploadedFile("policy.pdf", b"%PDF-1.4\n...", content_type="application/pdf")
    response = client.post(
        reverse("governance:create"),
        {
            "title": "Policy för medborgardialog",
            "type": types["Policy"].pk,
            "status": "adopted",
            "adopting_body": bodies["KF"].pk,
            "decision_date": "2024-03-01",
            "paragraph": "12",
            "valid_from": "2024-03-15",
            "keywords_text": "medborgardialog",
            "file": pdf,
        },
    )
    assert response.status_code == 302
    document = SteeringDocument.objects.get()
    assert document.file.name.endswith(".pdf")
    assert document.created_by == cast.official


def test_create_refusals_are_field_errors(client_as, cast, types, bodies):
    client = client_as(cast.official)
    response = client.post(
        reverse("governance:create"),
        {
            "title": "Policy",
            "type": types["Policy"].pk,
            "status": "adopted",
            "adopting_body": bodies["KS"].pk,  # wrong level
            "valid_from": "2024-03-15",
            "valid_until": "2024-01-01",  # before valid from
            "file": SimpleUploadedFile("policy.pdf", b"not a pdf"),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"adopting_body", "valid_until", "decision_date", "file"} <= set(errors)
    assert not SteeringDocument.objects.exists()


def test_edit_document(client_as, cast, make_document, types, bodies):
    document = make_document()
    client = client_as(cast.clerk)
    url = reverse("governance:edit", args=[document.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Policy för medborgardialog (reviderad)",
            "type": types["Policy"].pk,
            "status": "adopted",
            "adopting_body": bodies["KF"].pk,
            "decision_date": "2024-03-01",
            "keywords_text": "a, b",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title.endswith("(reviderad)")
    assert document.history.count() == 2


def test_new_version_and_revoke_pages(client_as, cast, make_document, bodies):
    old = make_document(keywords="medborgardialog")
    client = client_as(cast.clerk)
    form_page = client.get(reverse("governance:new_version", args=[old.pk]))
    assert form_page.status_code == 200
    assert form_page.context["form"]["keywords_text"].value() == "medborgardialog"
    assert client.get(reverse("governance:revoke", args=[old.pk])).status_code == 200
    response = client.post(
        reverse("governance:new_version", args=[old.pk]),
        {
            "title": "Policy för medborgardialog 2026",
            "type": old.type.pk,
            "adopting_body": bodies["KF"].pk,
            "decision_date": "2026-02-10",
            "paragraph": "7",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == SteeringDocument.Status.REPLACED
    new = old.replaced_by.get()
    # The old one can no longer be revoked or replaced.
    assert client.get(reverse("governance:revoke", args=[old.pk])).status_code == 403
    revoke_url = reverse("governance:revoke", args=[new.pk])
    refused = client.post(revoke_url, {"decided_on": "2026-05-01", "body": bodies["KF"].pk})
    assert refused.status_code == 200 and "paragraph" in refused.context["form"].errors
    response = client.post(
        revoke_url, {"decided_on": "2026-05-01", "paragraph": "40", "body": bodies["KF"].pk}
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.status == SteeringDocument.Status.REVOKED


def test_politician_may_not_revoke(client_as, cast, make_document, bodies):
    document = make_document()
    response = client_as(cast.politician).post(
        reverse("governance:revoke", args=[document.pk]),
        {"decided_on": "2026-05-01", "paragraph": "40", "body": bodies["KF"].pk},
    )
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.status == SteeringDocument.Status.ADOPTED


def test_tree_page(client_as, cast, make_document):
    policy = make_document()
    make_document("Riktlinje för medborgardialog", "Riktlinje", "KS", concretises=policy)
    tree = text(client_as(cast.politician).get(reverse("governance:tree")), "main")
    assert tree.index("Policy för medborgardialog") < tree.index("Riktlinje för medborgardialog")


def test_due_page(client_as, cast, make_document):
    make_document("Gammal policy", revision_date=date(2020, 1, 1))
    make_document("Ny policy", revision_date=date(2099, 1, 1))
    page = client_as(cast.politician).get(reverse("governance:due")).content.decode()
    assert "Gammal policy" in page and "Ny policy" not in page


def test_csv_export_for_excel(client_as, cast, make_document):
    make_document("Policy för medborgardialog", keywords="medborgardialog")
    make_document('=HYPERLINK("http://evil")', case_number="+1")
    response = client_as(cast.politician).get(reverse("governance:export"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    lines = body[1:].splitlines()
    assert len(lines) == 3
    assert "Policy för medborgardialog;Policy;KF;2024-03-01" in body
    rows = {row[0]: row for row in csv.reader(io.StringIO(body[1:]), delimiter=";")}
    assert '\'=HYPERLINK("http://evil")' in rows  # never a formula in Excel
    assert rows['\'=HYPERLINK("http://evil")'][5] == "'+1"


def test_csv_export_follows_the_filters(client_as, cast, make_document):
    make_document("Policy för medborgardialog")
    make_document("Riktlinjer för styrdokument", "Riktlinje", "KS")
    response = client_as(cast.politician).get(reverse("governance:export"), {"q": "styrdokument"})
    assert len(response.content.decode("utf-8").splitlines()) == 2


def test_browser_import_preview_then_confirm(client_as, cast, bodies):
    client = client_as(cast.official)
    upload = SimpleUploadedFile("register.csv", GOOD_CSV.encode())
    preview = client.post(reverse("governance:import"), {"file": upload})
    assert preview.status_code == 200
    assert preview.context["result"].ok
    assert 'id="confirm-import"' in preview.content.decode()
    assert SteeringDocument.objects.count() == 0  # the preview saves nothing
    response = client.post(reverse("governance:import_confirm"))
    assert response.status_code == 302
    assert SteeringDocument.objects.count() == 3
    # The stored file is used once.
    again = client.post(reverse("governance:import_confirm"))
    assert again.status_code == 302 and SteeringDocument.objects.count() == 3


def test_browser_import_with_errors_offers_no_confirm(client_as, cast, bodies):
    client = client_as(cast.official)
    upload = SimpleUploadedFile("register.csv", GOOD_CSV.replace(";KF;", ";XYZ;").encode())
    preview = client.post(reverse("governance:import"), {"file": upload})
    page = preview.content.decode()
    assert 'id="import-errors"' in page and "XYZ" in page
    assert 'id="confirm-import"' not in page
    client.post(reverse("governance:import_confirm"))
    assert SteeringDocument.objects.count() == 0


def test_browser_import_refuses_other_files(client_as, cast):
    client = client_as(cast.official)
    response = client.post(
        reverse("governance:import"), {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")}
    )
    assert "file" in response.context["form"].errors
    broken = client.post(
        reverse("governance:import"),
        {"file": SimpleUploadedFile("x.xlsx", io.BytesIO(b"junk").getvalue())},
    )
    assert 'id="file-error"' in broken.content.decode()


def test_politician_may_not_confirm_an_import(client_as, cast):
    assert client_as(cast.politician).post(reverse("governance:import_confirm")).status_code == 403

"""The register's states (issue 9, item 6): the shown status is computed from the dates, the
validity reads as a sentence, imported titles await review, and the adopting-body field offers
only the bodies the type allows."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from governance import services
from governance.filters import DocumentFilter
from governance.forms import DocumentForm
from governance.importers import RawRow
from governance.models import ShownStatus, SteeringDocument
from tests.helpers import text

pytestmark = pytest.mark.django_db


def shown(document, on=None):
    return SteeringDocument.objects.with_shown_status(on).get(pk=document.pk).shown_status


def test_a_replaced_document_applies_until_its_successor_does(make_document, bodies, cast):
    today = timezone.localdate()
    old = make_document(valid_from=date(2024, 1, 1))
    successor_from = today + timedelta(days=60)
    new = services.adopt_new_version(
        old=old,
        data={
            "adopting_body": bodies["KF"],
            "decision_date": today,
            "valid_from": successor_from,
        },
        user=cast.clerk,
    )
    old.refresh_from_db()
    assert old.status == SteeringDocument.Status.REPLACED  # the decision is recorded...
    assert shown(old) == ShownStatus.IN_FORCE  # ...but the old one applies until then
    assert shown(new) == ShownStatus.UPCOMING
    assert shown(old, successor_from - timedelta(days=1)) == ShownStatus.IN_FORCE
    assert shown(old, successor_from) == ShownStatus.REPLACED
    assert shown(new, successor_from) == ShownStatus.IN_FORCE

    # The list's status filter uses the same computed status.
    in_force = DocumentFilter({"status": ShownStatus.IN_FORCE}).qs
    assert list(in_force) == [old]
    assert not DocumentFilter({"status": ShownStatus.REPLACED}).qs.exists()


def test_revoked_stays_revoked_and_an_ended_one_no_longer_applies(make_document, bodies, cast):
    revoked = make_document("Policy för bisysslor")
    services.revoke(
        document=revoked,
        decided_on=date(2025, 1, 1),
        paragraph="4",
        body=bodies["KF"],
        user=cast.clerk,
    )
    assert shown(revoked) == ShownStatus.REVOKED
    assert shown(revoked, date(2024, 6, 1)) == ShownStatus.REVOKED
    ended = make_document(
        "Strategi för näringsliv", "Strategi", "KS", valid_until=date(2025, 12, 31)
    )
    assert shown(ended, date(2025, 12, 31)) == ShownStatus.IN_FORCE
    assert shown(ended, date(2026, 1, 1)) == ShownStatus.EXPIRED
    assert shown(make_document("Utkast", status="draft")) == ShownStatus.DRAFT


def test_imported_titles_without_a_decision_await_review(cast, types, client):
    rows = [
        RawRow(line=1, values={"title": "Riktlinje för styrdokument"}),  # type found, no decision
        RawRow(line=2, values={"title": "Kommunens styrande dokument"}),  # no type: flagged
        RawRow(line=3, values={"title": "Policy för parker", "decision_date": "2024-05-02"}),
    ]
    result = services.import_documents(rows=rows, dry_run=False, user=cast.clerk)
    assert result.saved
    by_title = {d.title: d for d in SteeringDocument.objects.with_shown_status()}
    assert by_title["Riktlinje för styrdokument"].shown_status == ShownStatus.REVIEW
    assert by_title["Kommunens styrande dokument"].shown_status == ShownStatus.REVIEW
    assert by_title["Policy för parker"].shown_status == ShownStatus.IN_FORCE

    client.force_login(cast.politician)
    page = client.get(reverse("governance:list"), {"status": "review"}).content.decode()
    table = text(page, "#documents")
    assert "Riktlinje för styrdokument" in table and "Policy för parker" not in table
    assert table.count(str(ShownStatus.REVIEW.label)) == 2
    assert str(SteeringDocument.Status.ADOPTED.label) not in table


def test_validity_reads_as_a_sentence(make_document):
    open_ended = make_document(valid_from=date(2024, 1, 1))
    limited = make_document(
        "Strategi", "Strategi", "KS", valid_from=date(2024, 1, 1), valid_until=date(2027, 12, 31)
    )
    with translation.override("en"):
        assert open_ended.validity_text == "Valid from 2024-01-01 until further notice"
        assert limited.validity_text == "Valid from 2024-01-01 until 2027-12-31"
    # Swedish after the lead merges the catalogue fragments:
    assert open_ended.validity_text == "Gäller från 2024-01-01 tills vidare"
    assert limited.validity_text == "Gäller från 2024-01-01 till 2027-12-31"


def test_the_pages_show_the_computed_status_and_validity(client, cast, make_document):
    document = make_document(valid_from=date(2024, 1, 1))
    client.force_login(cast.politician)
    detail = client.get(document.get_absolute_url()).content.decode()
    assert str(ShownStatus.IN_FORCE.label) in text(detail, "#status")
    assert text(detail, "#validity") == document.validity_text
    assert "– –" not in detail
    listing = client.get(reverse("governance:list")).content.decode()
    assert document.validity_text in listing


def test_the_status_filter_keeps_the_queries_constant(client, cast, make_document):
    client.force_login(cast.politician)
    url = reverse("governance:list") + "?status=in_force"

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for n in range(3):
        make_document(f"Policy {n}")
    small = count()
    for n in range(3, 25):
        make_document(f"Policy {n}")
    assert count() == small


def test_the_adopting_body_offers_only_what_the_type_allows(types, bodies, cast, client):
    def offered(form):
        return {label for value, label in form.fields["adopting_body"].choices if value}

    policy = DocumentForm(initial={"type": types["Policy"]})
    assert offered(policy) == {str(bodies["KF"])}
    routine = DocumentForm(data={"type": str(types["Rutin"].pk)})
    assert offered(routine) == {str(bodies["KLK"])}
    untyped = DocumentForm()
    assert str(bodies["KLK"]) not in offered(untyped)  # no administration for political types
    assert str(bodies["KS"]) in offered(untyped)

    # A wrong body posted anyway gets the model's message, not a crash or a bare "invalid".
    wrong = DocumentForm(
        data={
            "title": "Policy",
            "type": types["Policy"].pk,
            "status": "adopted",
            "adopting_body": bodies["KLK"].pk,
            "decision_date": "2024-01-01",
        }
    )
    assert not wrong.is_valid()
    assert "Policy" in wrong.errors["adopting_body"][0]

    # Changing the type swaps the options in (htmx).
    client.force_login(cast.clerk)
    options = client.get(
        reverse("governance:adopting_bodies"), {"type": types["Strategi"].pk}
    ).content.decode()
    assert str(bodies["KS"]) in options and str(bodies["KF"]) not in options
    page = client.get(reverse("governance:create")).content.decode()
    assert reverse("governance:adopting_bodies") in page

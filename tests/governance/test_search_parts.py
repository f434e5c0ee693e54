"""The register search read a page at a time (issue 11, migration 0008): the title hits and the
other hits as two ordered parts, the same order as the whole sorted list, a constant number of
queries; list rows without the text; the filters' selects written out in Python."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import selectors
from governance.filters import DocumentFilter, QuickSelect
from governance.models import SteeringDocument
from tests.helpers import login, texts

pytestmark = pytest.mark.django_db

_SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored vectors are PostgreSQL's"
)


def bulk(types, bodies, *rows):
    """(title, text[, body code]) rows, inserted as imports insert them (no save())."""
    return SteeringDocument.objects.bulk_create(
        SteeringDocument(
            title=row[0],
            text=row[1],
            type=types["Riktlinje"],
            adopting_body=bodies[row[2] if len(row) > 2 else "KS"],
            status=SteeringDocument.Status.ADOPTED,
        )
        for row in rows
    )


@pytest.fixture
def mixed(types, bodies, make_document):
    """Title hits of different ranks, text hits, a keyword hit, a document that is none, and
    equal titles (the id decides)."""
    bulk(
        types,
        bodies,
        ("Plan för parker, parker och parker", "Inget."),
        ("Parker i centrum", "Parker."),
        ("Parker i centrum", "Om parker.", "KF"),
        ("Aaa trafikplan", "Parkerna i norr behöver bänkar."),
        ("Mmm kulturplan", "En park vid biblioteket."),
        ("Mmm kulturplan", "Parker och torg.", "KF"),
        ("Zzz skolplan", "parker " * 30),
        ("Ööö inget", "Om gator."),
        *((f"Bbb plan {n:02}", "parkerna") for n in range(12)),
    )
    make_document("Kommunikationspolicy", "Riktlinje", "KS", keywords="parkeringsfrågor")


def pages_of(queryset, size):
    results = selectors.SearchResults(queryset)
    total = results.count()
    return [d.pk for start in range(0, total, size) for d in results[start : start + size]]


@needs_postgresql
@pytest.mark.postgres
@pytest.mark.parametrize("text", ["parker", "park", "parkering", "parker -norr", "parker norr"])
@pytest.mark.parametrize("size", [1, 4, 25])
def test_pages_read_in_parts_follow_the_whole_lists_order(mixed, text, size):
    searched = DocumentFilter({"q": text}).qs
    whole = [d.pk for d in searched]
    assert whole  # each search finds something
    assert pages_of(searched, size) == whole
    assert selectors.SearchResults(searched).count() == len(whole)


@needs_postgresql
@pytest.mark.postgres
def test_the_order_is_title_hits_by_rank_then_the_register_order(mixed):
    found = [
        (d.title, d.adopting_body.code, d.title_hit)
        for d in selectors.SearchResults(DocumentFilter({"q": "parker"}).qs)[0:25]
    ]
    assert found[:3] == [
        ("Plan för parker, parker och parker", "KS", True),
        ("Parker i centrum", "KS", True),  # two equal titles: the older first
        ("Parker i centrum", "KF", True),
    ]
    rest = [title for title, _body, hit in found[3:]]
    assert rest == sorted(rest) and not any(hit for *_x, hit in found[3:])
    assert "Zzz skolplan" in rest  # many mentions in the text do not lift it
    assert "Ööö inget" not in rest


@needs_postgresql
@pytest.mark.postgres
def test_an_excluded_word_is_excluded_from_the_title_hits_too(types, bodies):
    bulk(types, bodies, ("Parker i norr", "Parker i norr."), ("Parker i söder", "Parker."))
    searched = DocumentFilter({"q": "parker -norr"}).qs
    assert [d.title for d in selectors.SearchResults(searched)[0:25]] == ["Parker i söder"]


@needs_postgresql
@pytest.mark.postgres
def test_the_parts_combine_with_the_other_filters(mixed, bodies):
    searched = DocumentFilter({"q": "parker", "body": bodies["KF"].pk}).qs
    assert [d.title for d in selectors.SearchResults(searched)[0:25]] == [
        "Parker i centrum",
        "Mmm kulturplan",
    ]
    assert selectors.SearchResults(searched).count() == 2


@needs_postgresql
@pytest.mark.postgres
def test_a_page_costs_the_same_queries_on_any_page(mixed):
    results = selectors.SearchResults(DocumentFilter({"q": "parker"}).qs)
    counts = []
    for start in (0, 2, 10):  # title hits only, both parts, the other hits only
        with CaptureQueriesContext(connection) as queries:
            rows = results[start : start + 3]
            [list(d.keywords.all()) for d in rows]
        # The block the page is read in is a savepoint here (a transaction in a request).
        counts.append(len([q for q in queries if not q["sql"].startswith(_SAVEPOINTS)]))
    assert counts == [4, 4, 4]  # SET LOCAL, the ids, their rows, their keywords


@needs_postgresql
@pytest.mark.postgres
def test_the_search_page_shows_page_two_in_order(client, cast, mixed, types, bodies):
    bulk(types, bodies, *((f"Ccc plan {n:02}", "parkerna") for n in range(20)))
    login(client, cast.official)
    url = reverse("governance:list")
    whole = [d.title for d in DocumentFilter({"q": "parker"}).qs]
    response = client.get(url, {"q": "parker", "page": 2})
    assert response.status_code == 200
    shown = texts(response, "table tbody tr td:first-child")
    assert len(whole) > 25
    assert shown == whole[25:50]


@needs_postgresql
@pytest.mark.postgres
def test_documents_of_real_length_keep_their_text_out_of_the_row(types, bodies):
    """Migration 0008: the rows every search and list reads stay small."""
    bulk(types, bodies, ("Lång riktlinje", "Ett stycke om parker. " * 400))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'governance_steeringdocument'"
        )
        assert "toast_tuple_target=1024" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["governance_steeringdocument_title_id"],
        )
        assert "(title, id)" in cursor.fetchone()[0]
    assert [d.title for d in selectors.search(selectors.document_list(), "parker")] == [
        "Lång riktlinje"
    ]


def test_list_rows_are_read_without_the_text(client, cast, make_document):
    make_document("Policy för parker", text="Parker " * 200)
    login(client, cast.official)
    for query in ({}, {"q": "parker"}):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("governance:list"), query)
        assert response.status_code == 200
        assert texts(response, "table tbody tr td:first-child") == ["Policy för parker"]
        # Selected by no query (the search on SQLite matches in it, in the WHERE clause).
        selected = [q["sql"].split(" FROM ")[0] for q in queries]
        assert not [s for s in selected if '"governance_steeringdocument"."text"' in s]


def test_the_quick_select_writes_what_djangos_select_writes(bodies, make_document):
    make_document("Policy för parker", body="KF")
    choices = [("", "---"), (1, "A & <b>"), ('x"y', "Ö"), (3, "Tre")]
    for value in ("", 1, 'x"y', None, [3]):
        attrs = {"class": "filter", "required": True, "disabled": False}
        quick = QuickSelect(choices=choices, attrs=attrs).render("body", value, {"id": "id_b"})
        django = forms.Select(choices=choices, attrs=attrs).render("body", value, {"id": "id_b"})
        assert quick == django
    form = DocumentFilter({"body": bodies["KF"].pk}).form
    html = str(form["body"])
    assert html == forms.Select(choices=form.fields["body"].choices).render(
        "body", bodies["KF"].pk, {"id": "id_body"}
    )

"""The register search's count stops at SearchResults.LIMIT (issue 11): past it the list pages
the first LIMIT hits and says there are more; the count and a page are read from the GIN
indexes without a sequential scan, and the other hits' part of a page comes from a walk of the
register's first documents or from every hit sorted, the same order either way."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import selectors
from governance.filters import DocumentFilter
from tests.helpers import login, texts

from .test_search_parts import bulk, mixed  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the capped count is PostgreSQL's search"
)


def pages_of(queryset, size):
    results = selectors.SearchResults(queryset)
    total = results.count()
    return [d.pk for start in range(0, total, size) for d in results[start : start + size]]


@needs_postgresql
@pytest.mark.postgres
def test_the_count_stops_past_the_limit(monkeypatch, types, bodies):
    monkeypatch.setattr(selectors.SearchResults, "LIMIT", 5)
    bulk(types, bodies, *((f"Plan {n}", "parker") for n in range(8)))
    results = selectors.SearchResults(DocumentFilter({"q": "parker"}).qs)
    assert (results.count(), results.more) == (5, True)
    assert len(results[0:25]) == 5  # the pages hold the first LIMIT
    exactly = selectors.SearchResults(DocumentFilter({"q": "parker plan 3"}).qs)
    assert (exactly.count(), exactly.more) == (1, False)


@needs_postgresql
@pytest.mark.postgres
def test_the_page_and_its_paginator_say_there_are_more(client, cast, monkeypatch, types, bodies):
    monkeypatch.setattr(selectors.SearchResults, "LIMIT", 30)
    bulk(types, bodies, *((f"Plan {n:02}", "parker") for n in range(40)))
    login(client, cast.official)
    response = client.get(reverse("governance:list"), {"q": "parker"})
    # Asked in words that do not depend on the catalogue: the limit said twice, never the 40.
    (said,) = texts(response, ".results-count")
    assert said.count("30") == 2 and "40" not in said
    (pages,) = texts(response, ".pagination li[aria-current]")
    assert re.fullmatch(r"\D*1\D+2 \(\D*30\D*\)", pages), pages  # "Page 1 of 2 (… 30 …)"
    last = client.get(reverse("governance:list"), {"q": "parker", "page": 2})
    assert texts(last, "table tbody tr td:first-child") == [f"Plan {n:02}" for n in range(25, 30)]
    # Below the limit: the count as before, no note.
    few = client.get(reverse("governance:list"), {"q": "plan 07"})
    (said,) = texts(few, ".results-count")
    assert said.split()[0] == "1" and "30" not in said
    assert not texts(few, ".pagination")


def test_the_register_without_a_search_is_never_cut(client, cast, make_document, monkeypatch):
    monkeypatch.setattr(selectors.SearchResults, "LIMIT", 1)
    make_document("Policy A")
    make_document("Policy B")
    login(client, cast.official)
    response = client.get(reverse("governance:list"))
    (said,) = texts(response, ".results-count")
    assert said.split()[0] == "2"


@needs_postgresql
@pytest.mark.postgres
@pytest.mark.parametrize("walk", [1, 3, 8, 200])  # 200: more than the register, no walk
@pytest.mark.parametrize("text", ["parker", "park", "parker -norr", "parkering", "zzyzx"])
@pytest.mark.parametrize("size", [1, 4, 25])
def test_walked_or_sorted_the_pages_follow_the_whole_lists_order(
    mixed,  # noqa: F811
    monkeypatch,
    walk,
    text,
    size,
):
    monkeypatch.setattr(selectors.SearchResults, "WALK", walk)
    searched = DocumentFilter({"q": text}).qs
    assert pages_of(searched, size) == [d.pk for d in searched]


@needs_postgresql
@pytest.mark.postgres
def test_walked_pages_combine_with_the_other_filters(mixed, bodies, monkeypatch):  # noqa: F811
    monkeypatch.setattr(selectors.SearchResults, "WALK", 4)
    searched = DocumentFilter({"q": "parker", "body": bodies["KF"].pk}).qs
    assert [d.adopting_body.code for d in searched] == ["KF", "KF"]
    assert pages_of(searched, 1) == [d.pk for d in searched]


@needs_postgresql
@pytest.mark.postgres
def test_count_and_page_come_from_the_indexes_and_the_setting_ends_with_them(mixed):  # noqa: F811
    results = selectors.SearchResults(DocumentFilter({"q": "parker"}).qs)
    with CaptureQueriesContext(connection) as queries:
        results.count()
        results[0:25]
    statements = [q["sql"] for q in queries if q["sql"].lstrip().startswith(("SELECT", "WITH"))]
    count = next(s for s in statements if s.startswith("SELECT COUNT(*)"))
    assert "LIMIT 1001" in count
    with selectors._index_scans(), connection.cursor() as cursor:
        sql, params = selectors._sql(results.queryset.order_by().values("pk")[:1001])
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("on",)  # undone with the block
    assert "governance_steeringdocument_search_vector_gin" in plan
    assert "governance_steeringdocument_title_vector_gin" in plan
    assert "Seq Scan on governance_steeringdocument " not in plan


@needs_postgresql
@pytest.mark.postgres
def test_the_indexable_form_is_compiled_only_inside_the_block(mixed):  # noqa: F811
    searched = DocumentFilter({"q": "parker"}).qs
    outside = str(searched.query)
    with selectors._index_scans():
        inside = str(searched.query)
    assert "governance_search_ids" in outside and "search_vector" not in outside
    assert "governance_search_ids" not in inside and "search_vector" in inside


@needs_postgresql
@pytest.mark.postgres
def test_search_page_queries_are_the_same_cut_or_not(client, cast, monkeypatch, types, bodies):
    monkeypatch.setattr(selectors.SearchResults, "LIMIT", 10)
    login(client, cast.official)
    url = reverse("governance:list")
    bulk(types, bodies, *((f"Plan {n}", "parker") for n in range(3)))
    client.get(url, {"q": "parker"})  # warm the per-process caches first
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": "parker"})
    bulk(types, bodies, *((f"Plan {n}", "parker") for n in range(3, 60)))
    for page in (1, 2):
        with CaptureQueriesContext(connection) as many:
            response = client.get(url, {"q": "parker", "page": page})
        assert response.status_code == 200
        assert len(many) == len(few)

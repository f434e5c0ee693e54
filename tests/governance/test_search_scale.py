"""The register search at 10,000 documents (issue 11, migration 0007): the hits come from the
GIN index, the order reads only the title vector, and the filter's choices do not join every
document."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance import selectors
from governance.filters import DocumentFilter
from governance.models import SteeringDocument

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored vectors are PostgreSQL's"
)


def bulk(types, bodies, *titles_and_texts, body="KS"):
    return SteeringDocument.objects.bulk_create(
        SteeringDocument(
            title=title,
            text=body_text,
            type=types["Riktlinje"],
            adopting_body=bodies[body],
            status=SteeringDocument.Status.ADOPTED,
        )
        for title, body_text in titles_and_texts
    )


def found(text):
    return [d.title for d in selectors.search(selectors.document_list(), text)]


@needs_postgresql
@pytest.mark.postgres
def test_count_and_page_never_read_the_text_vector(types, bodies):
    """The text vectors are kilobytes each in TOAST: a count or an order that reads them unpacks
    every hit's (300 ms for a word in all 10,000 documents)."""
    bulk(types, bodies, *((f"Riktlinje {n}", "kommunen och invånarna") for n in range(30)))
    searched = selectors.search(selectors.document_list(), "invånare")
    with CaptureQueriesContext(connection) as queries:
        assert searched.count() == 30
        assert len(list(searched[:25])) == 25
    for query in queries:
        sql = query["sql"].lower()
        assert "search_vector" not in sql and "to_tsvector" not in sql
        assert "governance_search_ids" in sql or "prefetch" in sql or "keyword" in sql


@needs_postgresql
@pytest.mark.postgres
def test_the_hit_function_runs_without_sequential_scans():
    """Inside governance_search_ids the planner can only answer from the GIN index (a scan
    looked cheaper to it whenever most documents matched)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT proconfig FROM pg_proc WHERE proname = 'governance_search_ids'")
        (config,) = cursor.fetchone()
    assert config == ["enable_seqscan=off"]


@needs_postgresql
@pytest.mark.postgres
def test_title_hits_first_then_the_registers_order(types, bodies):
    bulk(
        types,
        bodies,
        ("Ccc plan", "cykelvägar " * 40),  # many text mentions: ranked first by the text before
        ("Bbb plan", "Här står det om cykelvägar en gång."),
        ("Zzz riktlinje om cykelvägar", "Inget mer."),
        ("Aaa plan för parker", "Inget om det."),
    )
    assert found("cykelväg") == ["Zzz riktlinje om cykelvägar", "Bbb plan", "Ccc plan"]


@needs_postgresql
@pytest.mark.postgres
def test_title_hits_rank_among_themselves_and_case_numbers_count_as_titles(types, bodies):
    *_, third = bulk(
        types,
        bodies,
        ("Aaa cykel i centrum", ""),
        ("Plan för cykel, cykel och åter cykel", ""),
        ("Trafikplan", "cykel"),
    )
    SteeringDocument.objects.filter(pk=third.pk).update(case_number="KS 2024/77")
    assert found("cykel") == [
        "Plan för cykel, cykel och åter cykel",
        "Aaa cykel i centrum",
        "Trafikplan",
    ]
    assert found("2024/77") == ["Trafikplan"]


@needs_postgresql
@pytest.mark.postgres
def test_the_title_vector_follows_an_update_without_save(types, bodies):
    (document,) = bulk(types, bodies, ("Riktlinje för lekplatser", "lekplatser och badplatser"))
    SteeringDocument.objects.filter(pk=document.pk).update(title="Riktlinje för badplatser")
    searched = selectors.search(selectors.document_list(), "badplatser")
    assert [(d.title, d.title_hit) for d in searched] == [("Riktlinje för badplatser", True)]


@needs_postgresql
@pytest.mark.postgres
def test_the_search_combines_with_the_other_filters(types, bodies):
    bulk(types, bodies, ("Riktlinje om parker", "parker"), body="KS")
    bulk(types, bodies, ("Plan om parker", "parker"), body="KF")
    documents = DocumentFilter({"q": "parker", "body": bodies["KF"].pk}).qs
    assert [d.title for d in documents] == ["Plan om parker"]
    assert documents.count() == 1


def test_the_body_and_keyword_choices_do_not_join_every_document(make_document, bodies):
    make_document("Policy A", body="KF", keywords="trygghet")
    form = DocumentFilter({}).form
    with CaptureQueriesContext(connection) as queries:
        bodies_listed = list(form.fields["body"].queryset)
        keywords_listed = list(form.fields["keyword"].queryset)
    assert bodies_listed == [bodies["KF"]]
    assert [k.name for k in keywords_listed] == ["trygghet"]
    for query in queries:
        assert "DISTINCT" not in query["sql"] and "EXISTS" in query["sql"]

"""The register's search at scale: the stored search vector (PostgreSQL) and constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import selectors
from governance.models import SteeringDocument
from tests.helpers import login, texts

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored search vector is PostgreSQL's"
)


def bulk(types, bodies, *titles_and_texts):
    """Documents inserted the way imports insert them: bulk_create, no save()."""
    return SteeringDocument.objects.bulk_create(
        SteeringDocument(
            title=title,
            text=body_text,
            type=types["Riktlinje"],
            adopting_body=bodies["KS"],
            status=SteeringDocument.Status.ADOPTED,
        )
        for title, body_text in titles_and_texts
    )


def found(text):
    return [d.title for d in selectors.search(selectors.document_list(), text)]


@needs_postgresql
@pytest.mark.postgres
def test_bulk_created_documents_have_their_vector_and_are_found(types, bodies):
    bulk(types, bodies, ("Riktlinje för lekplatser", "Barnen ska höras om gungor och rutschkanor."))
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM governance_steeringdocument")
        (vector,) = cursor.fetchone()
    assert "'lekplats':" in vector and "'gung':" in vector  # Swedish stems, from the text too
    assert found("lekplatsen") == ["Riktlinje för lekplatser"]
    assert found("gungorna") == ["Riktlinje för lekplatser"]


@needs_postgresql
@pytest.mark.postgres
def test_the_vector_follows_an_update_without_save(types, bodies):
    (document,) = bulk(types, bodies, ("Riktlinje för lekplatser", ""))
    SteeringDocument.objects.filter(pk=document.pk).update(title="Riktlinje för badplatser")
    assert found("badplatser") == ["Riktlinje för badplatser"]
    assert found("lekplatser") == []


@needs_postgresql
@pytest.mark.postgres
def test_a_title_hit_ranks_before_a_text_hit(types, bodies):
    bulk(
        types,
        bodies,
        ("Aaa riktlinje om parker", "Här står det om cykelvägar en gång."),
        ("Zzz riktlinje om cykelvägar", "Inget mer."),
    )
    # By title alone the other would come first: the title's weight (A) outranks the text's.
    assert found("cykelväg") == ["Zzz riktlinje om cykelvägar", "Aaa riktlinje om parker"]


@needs_postgresql
@pytest.mark.postgres
def test_the_search_reads_the_stored_vector_and_can_use_its_gin_index(types, bodies):
    bulk(types, bodies, *((f"Riktlinje {n}", "kommunen och invånarna") for n in range(30)))
    searched = selectors.search(selectors.document_list(), "invånare")
    with CaptureQueriesContext(connection) as queries:
        searched.count()
        list(searched[:25])
    sql = " ".join(q["sql"] for q in queries).lower()
    assert "to_tsvector" not in sql  # nothing built per row on each query
    assert "ts_rank" not in queries[0]["sql"].lower()  # the count ranks nothing
    assert "governance_search_ids" in queries[0]["sql"]  # the match runs in migration 0007's
    with connection.cursor() as cursor:
        # function, with sequential scans off as the function has them: the GIN index serves it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM governance_steeringdocument "
            "WHERE search_vector @@ websearch_to_tsquery('swedish'::regconfig, 'invånare')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    assert "governance_steeringdocument_search_vector_gin" in plan


@pytest.mark.parametrize("text", ["riktlinje", "kommunen invånarna", "finns inte"])
def test_search_page_queries_do_not_grow_with_documents(
    client, cast, types, bodies, keywords_for_search, text
):
    login(client, cast.official)
    url = reverse("governance:list")
    bulk(types, bodies, *((f"Riktlinje {n}", "kommunen och invånarna") for n in range(3)))
    client.get(url, {"q": text})  # warm the per-process caches first
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": text})
    bulk(types, bodies, *((f"Riktlinje {n}", "kommunen och invånarna") for n in range(3, 60)))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"q": text})
    assert response.status_code == 200
    assert len(many) == len(few)
    if text != "finns inte":
        assert len(texts(response, "table tbody tr")) == 25  # one page of the 60


@pytest.fixture
def keywords_for_search(make_document):
    """A document reached by its keyword, so the keyword branch of the search is exercised."""
    return make_document("Kommunikationspolicy", keywords="riktlinje, invånarna")

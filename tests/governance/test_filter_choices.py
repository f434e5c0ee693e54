"""The register filters' selects (types, adopting bodies, keywords) shown from the cache: read once,
kept until a document, type, keyword or body changes (governance.choices)."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import choices
from governance.filters import DocumentFilter
from governance.models import Keyword, SteeringDocument
from tests.factories import make_body
from tests.helpers import login, texts

pytestmark = pytest.mark.django_db

URL = reverse("governance:list")


def options(client, name) -> list[str]:
    response = client.get(URL)
    assert response.status_code == 200
    return texts(response, f"select[name={name}] option")


def choice_reads(queries) -> list[str]:
    """The queries that read a select's choices: from the table of bodies, keywords or types,
    without a join (the page's rows join the types and bodies, their keywords join the
    documents)."""
    tables = ('"roles_body"', '"governance_keyword"', '"governance_documenttype"')
    reads = []
    for query in queries:
        _columns, _from, rest = query["sql"].partition(" FROM ")
        if rest.startswith(tables) and " JOIN " not in rest.split(" WHERE ")[0]:
            reads.append(query["sql"])
    return reads


def test_a_second_page_reads_no_choices(client, cast, make_document):
    make_document("Policy för parker", body="KF", keywords="parker")
    login(client, cast.official)
    with CaptureQueriesContext(connection) as first:
        assert client.get(URL, {"q": "parker"}).status_code == 200
    with CaptureQueriesContext(connection) as second:
        response = client.get(URL, {"q": "parker"})
    assert len(choice_reads(first)) == 3
    assert choice_reads(second) == []
    assert len(second) == len(first) - 3
    assert "Kommunfullmäktige (KF)" in texts(response, "select[name=body] option")
    assert "parker" in texts(response, "select[name=keyword] option")


def test_a_change_shows_at_once(client, cast, bodies, make_document):
    login(client, cast.official)
    document = make_document("Policy för parker", body="KF")
    assert options(client, "body")[1:] == ["Kommunfullmäktige (KF)"]
    # A new adopting body, a renamed body, a new keyword, a new type name: the next page shows it.
    make_document("Plan för skolor", type_name="Plan", body="BUN")
    assert options(client, "body")[1:] == [
        "Barn- och utbildningsnämnden (BUN)",
        "Kommunfullmäktige (KF)",
    ]
    council = bodies["KF"]
    council.name = "Fullmäktige"
    council.save()
    assert "Fullmäktige (KF)" in options(client, "body")
    document.keywords.add(Keyword.objects.create(name="grönområden"))
    assert options(client, "keyword")[1:] == ["grönområden"]
    document.type.name = "Policydokument"
    document.type.save()
    assert "Policydokument" in options(client, "type")
    # A document deleted: its body, alone in adopting it, leaves the select.
    SteeringDocument.objects.filter(adopting_body=bodies["BUN"]).get().delete()
    assert "Barn- och utbildningsnämnden (BUN)" not in options(client, "body")


def test_the_version_moves_again_when_the_change_commits(
    client, cast, make_document, django_capture_on_commit_callbacks
):
    """Choices read between a save and its commit (old rows, on another server) are not kept."""
    login(client, cast.official)
    make_document("Policy för parker", body="KF")
    options(client, "body")
    before = choices.filter_choices(lambda: pytest.fail("read from the cache"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        choices.bump()
        # What another request stores now, under the moved version, is dropped at the commit.
        choices.filter_choices(lambda: {"type": [], "body": [(0, "gammal")], "keyword": []})
    assert callbacks
    assert choices.filter_choices(DocumentFilter._read_choices) == before


def test_the_select_renders_what_the_queryset_holds(cast, bodies, make_document):
    make_document("Policy för parker", body="KF")
    make_body("AAA", "Aaa-nämnden")  # adopted nothing: not a choice
    DocumentFilter().form["body"].as_widget()  # kept in the cache
    form = DocumentFilter({"body": bodies["KF"].pk}).form
    assert str(form["body"]) == forms.Select(choices=form.fields["body"].choices).render(
        "body", bodies["KF"].pk, {"id": "id_body"}
    )


def test_a_chosen_body_is_still_checked_against_the_database(client, cast, bodies, make_document):
    """The cache only shows the choices: a body that adopted nothing is refused, cached or not."""
    make_document("Policy för parker", body="KF")
    login(client, cast.official)
    options(client, "body")
    # An insert that sends no signal (as generate_scale's): the cache still lists KF only.
    SteeringDocument.objects.bulk_create(
        [SteeringDocument(title="Plan för skolor", adopting_body=bodies["BUN"], status="adopted")]
    )
    assert options(client, "body")[1:] == ["Kommunfullmäktige (KF)"]
    response = client.get(URL, {"body": bodies["BUN"].pk})
    assert response.status_code == 200
    assert texts(response, "table tbody tr td:first-child") == ["Plan för skolor"]
    refused = client.get(URL, {"body": bodies["KLK"].pk})
    assert refused.status_code == 200
    assert refused.context["form"].errors["body"]
    choices.bump()
    assert "Barn- och utbildningsnämnden (BUN)" in options(client, "body")

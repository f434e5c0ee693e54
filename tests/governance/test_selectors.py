import pytest
from django.db import connection
from django.utils import translation

from governance import selectors
from governance.filters import DocumentFilter
from governance.models import SteeringDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(make_document):
    return {
        "policy": make_document("Policy för medborgardialog"),
        "guideline": make_document(
            "Riktlinjer för medborgardialog och delaktighet", "Riktlinje", "KS"
        ),
        "other": make_document("Riktlinjer för styrdokument", "Riktlinje", "KS"),
        "tagged": make_document(
            "Kommunikationspolicy", keywords="invånardialog", case_number="KS 2018/0269"
        ),
    }


def titles(queryset):
    return {d.title for d in queryset}


def filtered(**data):
    """The register as the list page filters it, from the query string's values."""
    return DocumentFilter(data).qs


def test_search_medborgardialog_finds_both_documents(register):
    found = titles(filtered(q="medborgardialog"))
    assert found == {"Policy för medborgardialog", "Riktlinjer för medborgardialog och delaktighet"}


def test_search_is_case_insensitive_and_needs_every_word(register):
    assert titles(filtered(q="MEDBORGARDIALOG delaktighet")) == {
        "Riktlinjer för medborgardialog och delaktighet"
    }


def test_search_finds_keywords(register):
    assert titles(filtered(q="invånardialog")) == {"Kommunikationspolicy"}


@pytest.mark.postgres
def test_swedish_stemming_on_postgresql(register):
    if connection.vendor != "postgresql":
        pytest.skip("Swedish full-text search needs PostgreSQL")
    # "medborgardialoger" (plural) is stemmed to the same lexeme as "medborgardialog".
    assert titles(filtered(q="medborgardialoger")) == {
        "Policy för medborgardialog",
        "Riktlinjer för medborgardialog och delaktighet",
    }


def test_filters(register, types, bodies):
    assert titles(filtered(type=types["Riktlinje"].pk)) == {
        "Riktlinjer för medborgardialog och delaktighet",
        "Riktlinjer för styrdokument",
    }
    assert len(filtered(body=bodies["KF"].pk)) == 2
    keyword = register["tagged"].keywords.get()
    assert titles(filtered(keyword=keyword.pk)) == {"Kommunikationspolicy"}
    assert len(filtered(status="revoked")) == 0


def test_hierarchy_tree(make_document, register):
    policy, guideline = register["policy"], register["guideline"]
    guideline.concretises = policy
    guideline.save()
    routine = make_document("Rutin för dialogcaféer", "Rutin", "KLK", concretises=guideline)
    tree = selectors.hierarchy()
    roots = [node["document"] for node in tree]
    assert guideline not in roots and routine not in roots
    node = next(n for n in tree if n["document"] == policy)
    assert node["children"][0]["document"] == guideline
    assert node["children"][0]["children"][0]["document"] == routine
    # Policies (rank 90) come before guidelines at the root.
    assert roots.index(register["tagged"]) < roots.index(register["other"])


def test_hierarchy_hides_ended_documents(register):
    register["other"].status = SteeringDocument.Status.REVOKED
    register["other"].save()
    shown = [n["document"] for n in selectors.hierarchy()]
    assert register["other"] not in shown
    assert register["other"] in [n["document"] for n in selectors.hierarchy(include_ended=True)]


def test_an_invalid_filter_shows_the_whole_register_with_the_error(register, types):
    documents = DocumentFilter({"type": "999999", "q": "Kommunikationspolicy"})
    assert len(documents.qs) == 4  # not only the search's hit: nothing is half-applied
    assert "type" in documents.form.errors
    assert documents.labels_in_use() == []


def test_labels_in_use_name_the_filters_as_the_list_shows_them(register, types):
    documents = DocumentFilter({"q": "policy", "type": types["Policy"].pk, "status": "in_force"})
    with translation.override("en"):
        assert documents.labels_in_use() == [
            ("Search", "policy"),
            ("Type", "Policy"),
            ("Status", "In force"),
        ]
    assert DocumentFilter().labels_in_use() == []

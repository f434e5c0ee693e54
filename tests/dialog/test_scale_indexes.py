"""The dialogue list's indexes (migration 0011) and its reads at scale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialog.filters import DialogueFilter, InputFilter
from dialog.models import Dialogue
from dialog.selectors import dialogue_list, registration_years
from tests.factories import make_dialogue

pytestmark = pytest.mark.django_db

TRIGRAM_INDEXES = {
    "dialogue_title_trgm",
    "dialogue_case_number_trgm",
    "dialogue_question_trgm",
}


def indexes_of(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


def test_the_list_order_and_the_case_years_are_indexed():
    assert {"dialogue_newest_first", "dialogue_case_year"} <= indexes_of("dialog_dialogue")


def test_registration_years_are_distinct_in_the_database(cast):
    for number, year in enumerate([2024, 2026, 2024, 2025, 2026], start=1):
        make_dialogue(cast, title=f"D{number}")
        Dialogue.objects.filter(title=f"D{number}").update(
            case_year=year, case_number=f"KS {year}/{number}"
        )
    make_dialogue(cast, title="Not registered")
    with CaptureQueriesContext(connection) as queries:
        assert registration_years() == [2026, 2025, 2024]
    assert len(queries) == 1
    # A skip scan of the case_year index: one probe a year, not one row a dialogue (DISTINCT
    # read every registered dialogue's year).
    assert "RECURSIVE" in queries[0]["sql"]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_trigram_indexes_exist_and_serve_the_icontains_searches(cast):
    assert indexes_of("dialog_dialogue") >= TRIGRAM_INDEXES
    # Dropped by migration 0020 (decision 0003): imports wrote a few hundred trigrams a row.
    assert "inputitem_text_trgm" not in indexes_of("dialog_inputitem")
    dialogue = make_dialogue(cast, title="Lekplatsen i parken")
    listed = DialogueFilter({"q": "lekplats"}, queryset=dialogue_list()).qs
    # The register's text search stays within the dialogue, which its own index finds.
    inputs = InputFilter({"q": "gungor"}, queryset=dialogue.inputs.all(), dialogue=dialogue).qs
    with connection.cursor() as cursor:
        # The test tables are tiny, so a scan is cheaper; forbidden, the planner shows whether
        # the indexes match the SQL Django writes for icontains (UPPER(col::text) LIKE ...).
        # Plain index scans (the list's order, the dialogue's inputs) are kept out the same way.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        list_plan, inputs_plan = listed.order_by().explain(), inputs.order_by().explain()
        cursor.execute("SET LOCAL enable_seqscan = on")
        cursor.execute("SET LOCAL enable_indexscan = on")
    for name in ("dialogue_title_trgm", "dialogue_case_number_trgm", "dialogue_question_trgm"):
        assert name in list_plan
    assert "dialog_inputitem_dialogue_id" in inputs_plan
    assert [d.title for d in listed] == ["Lekplatsen i parken"]

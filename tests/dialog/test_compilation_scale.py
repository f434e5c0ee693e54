"""The compilation panel at scale: its counts are aggregates in a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialog import selectors
from dialog.models import InputItem, State, Theme
from dialog.steps.compilation import untagged_count
from tests.factories import add_inputs, put_in_state
from tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def compilation(dialogue):
    dialogue = put_in_state(dialogue, State.COMPILATION)
    for i in range(3):
        Theme.objects.create(dialogue=dialogue, name=f"Tema {i}")
    return dialogue


def tag_all(dialogue):
    themes = list(dialogue.themes.all())
    for i, item in enumerate(dialogue.inputs.filter(within_purpose=True, themes__isnull=True)):
        item.themes.set(themes[: 1 + i % len(themes)])


def page_queries(client, dialogue) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(dialogue.get_absolute_url())
    assert response.status_code == 200
    assert b'id="theme-counts"' in response.content
    return len(captured)


def test_the_dialogue_page_with_the_compilation_panel_is_constant_in_inputs(
    client, cast, compilation
):
    login(client, cast.official)
    add_inputs(compilation, 2)
    tag_all(compilation)
    small = page_queries(client, compilation)
    add_inputs(compilation, 40)
    tag_all(compilation)
    assert page_queries(client, compilation) == small


def test_untagged_and_tag_counts_read_no_outer_join_over_the_tags(cast, compilation):
    """Untagged inputs are found by NOT EXISTS and the tags through the dialogue's own themes:
    neither joins every tag to the inputs (the plan that reads all tags of every dialogue)."""
    add_inputs(compilation, 5)
    item = compilation.inputs.filter(within_purpose=True).first()
    item.themes.set(compilation.themes.all()[:2])
    with CaptureQueriesContext(connection) as captured:
        counts = selectors.compilation_counts(compilation)
        untagged = untagged_count(compilation)
    assert (counts.within, counts.untagged, untagged) == (4, 3, 3)
    assert [n for _theme, n in counts.themes] == [1, 1, 0]
    tags = InputItem.themes.through._meta.db_table
    for query in captured:
        assert f'LEFT OUTER JOIN "{tags}"' not in query["sql"], query["sql"]
        assert "COUNT(DISTINCT" not in query["sql"], query["sql"]

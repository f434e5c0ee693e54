"""The public dialogue page's queries (issue 11): as many for a dialogue with many views, themes,
activities and actions as for one with few, in the same state; the results' counts are the only
part that depends on the state (two queries once the results are presented)."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialog.models import ActionItem, Dialogue, State, Theme
from tests.factories import add_activity, add_inputs

from .conftest import publish


def _queries(client, dialogue) -> int:
    cache.clear()  # the page is built, not served from the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/medborgare/dialoger/{dialogue.pk}/")
    assert response.status_code == 200
    return len(captured)


def _grow(dialogue, n: int) -> None:
    items = add_inputs(dialogue, n)
    themes = [Theme.objects.create(dialogue=dialogue, name=f"Tema {i}") for i in range(n // 4)]
    for i, item in enumerate(items):
        item.themes.add(themes[i % len(themes)], themes[(i + 1) % len(themes)])
    for i in range(n // 8):
        add_activity(dialogue, title=f"Möte {i}")
        ActionItem.objects.create(
            dialogue=dialogue, action=f"Åtgärd {i}", responsible_text="Förvaltningen"
        )


def test_a_page_with_results_reads_the_same_queries_whatever_the_dialogue_holds(client, finished):
    publish(finished)
    few = _queries(client, finished)
    _grow(finished, 40)
    assert _queries(client, finished) == few


def test_a_page_before_the_results_reads_the_same_queries_whatever_the_dialogue_holds(
    client, open_dialogue
):
    publish(open_dialogue)
    few = _queries(client, open_dialogue)
    _grow(open_dialogue, 40)
    assert _queries(client, open_dialogue) == few


def test_the_results_are_the_only_queries_that_depend_on_the_state(client, cast, finished):
    publish(finished)
    with_results = _queries(client, finished)
    # No results shown, everything else the same.
    Dialogue.objects.filter(pk=finished.pk).update(state=State.COMPILATION)
    assert _queries(client, finished) == with_results - 2

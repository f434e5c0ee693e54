"""bench/pages.py measures the public dialogue page in the same state at both sizes: the biggest
published dialogue whose page shows the results, not the biggest published one."""

import importlib.util
from pathlib import Path

import pytest

from dialog.models import Dialogue, State
from tests.factories import add_inputs, make_dialogue, put_in_state
from tests.participation.conftest import publish

spec = importlib.util.spec_from_file_location(
    "bench_pages", Path(__file__).resolve().parent / ".." / "bench" / "pages.py"
)
pages = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pages)


def test_the_public_page_measured_is_the_biggest_one_showing_results(cast):
    small = make_dialogue(cast, title="Stängd, få synpunkter")
    small = put_in_state(small, State.CLOSED, final_decision=True, by=cast.politician)
    add_inputs(small, 2)
    bigger = make_dialogue(cast, title="Stängd, fler synpunkter")
    bigger = put_in_state(bigger, State.CLOSED, final_decision=True, by=cast.politician)
    add_inputs(bigger, 4)
    biggest = make_dialogue(cast, title="Sammanställs, flest synpunkter")
    biggest = put_in_state(biggest, State.COMPILATION)
    add_inputs(biggest, 8)
    for dialogue in (small, bigger, biggest):
        publish(dialogue)
    assert Dialogue.objects.filter(public_page__is_published=True).count() == 3
    assert pages.public_dialogue() == bigger


def test_the_big_title_is_the_generators():
    from dialog.scale import BIG_TITLE

    assert pages.BIG_TITLE == BIG_TITLE


@pytest.mark.parametrize("demo", [13, 25, 30, 49, 50])
def test_the_demos_small_set_fills_whole_pages_of_the_list(demo):
    dialogues, inputs, documents, big = pages.small_sizes(demo)
    assert dialogues >= 25 and (demo + dialogues) % 25 == 0
    assert big <= inputs and documents > 0

import pytest

from dialog.models import State
from participation.models import PUBLISHABLE_STATES, Area, PublicDialogue, Topic
from tests.factories import put_in_state


@pytest.mark.django_db
def test_areas_and_topics_sort_by_position_then_name():
    Area.objects.create(name="Södra", position=2)
    Area.objects.create(name="Centrum", position=1)
    Area.objects.create(name="Byn", position=1)
    Topic.objects.create(name="Trafik")
    assert [a.name for a in Area.objects.all()] == ["Byn", "Centrum", "Södra"]
    assert str(Topic.objects.get()) == "Trafik"


@pytest.mark.parametrize("state", [s for s in State.values])
def test_publish_missing_by_state(dialogue, state):
    dialogue = put_in_state(dialogue, state)
    page = PublicDialogue(dialogue=dialogue, summary="Kort.", cannot_influence="Budgeten.")
    missing = page.publish_missing()
    if state in PUBLISHABLE_STATES:
        assert missing == []
    else:
        assert len(missing) == 1 and "uppdrag" in missing[0]


def test_publish_missing_names_the_texts(dialogue):
    dialogue = put_in_state(dialogue, State.PLANNING)
    missing = PublicDialogue(dialogue=dialogue).publish_missing()
    assert missing == ["en sammanfattning på lätt svenska", "vad som inte går att påverka"]

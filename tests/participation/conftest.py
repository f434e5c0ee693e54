"""Dialogues with public pages, built fast (tests/factories.py's direct path)."""

import pytest
from django.core.cache import cache

from dialog.models import (
    CompilationSummary,
    DecisionPoint,
    InputItem,
    ResultsPresentation,
    State,
    Theme,
)
from participation import services
from participation.models import Area, Topic
from tests.factories import (
    add_activity,
    add_inputs,
    complete_decision_followup,
    make_dialogue,
    put_in_state,
)

SUMMARY = "Vi vill veta vad som får dig att känna dig trygg i centrum."
CANNOT = "Polisens arbete beslutar inte kommunen om."


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def publish(dialogue, user=None, **details):
    user = user or dialogue.responsible_official
    values = {"summary": SUMMARY, "cannot_influence": CANNOT, **details}
    services.update_details(dialogue_id=dialogue.pk, user=user, **values)
    return services.publish(dialogue_id=dialogue.pk, user=user)


@pytest.fixture
def area(db):
    return Area.objects.create(name="Centrum")


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Trygghet")


@pytest.fixture
def open_dialogue(cast, dialogue):
    add_activity(dialogue, title="Trygghetsvandring, kväll", place="Busstationen; perrong 2")
    return put_in_state(dialogue, State.EXECUTION)


@pytest.fixture
def finished(cast):
    """A closed dialogue with every step's content, internal notes included."""
    dialogue = make_dialogue(cast, title="Trygghet i centrum, avslutad")
    add_activity(dialogue)
    dialogue = put_in_state(dialogue, State.CLOSED, final_decision=True, by=cast.politician)
    items = add_inputs(dialogue, 4, text="Intern synpunkt från Greta Invånare om busstationen.")
    theme = Theme.objects.create(dialogue=dialogue, name="Belysning")
    for item in items:
        if item.within_purpose:
            item.themes.add(theme)
    CompilationSummary.objects.create(dialogue=dialogue, summary="Utkast: sammanställningen.")
    ResultsPresentation.objects.create(
        dialogue=dialogue, body=cast.body, notes="Intern anteckning från presidiet."
    )
    complete_decision_followup(dialogue)
    assert dialogue.decisions.filter(point=DecisionPoint.FINAL).exists()
    assert InputItem.objects.filter(dialogue=dialogue).count() == 4
    return dialogue

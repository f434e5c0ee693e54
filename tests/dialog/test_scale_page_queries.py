"""The dialogue page's queries do not grow with what the dialogue holds (issue 11): a closed
dialogue shows every step's panel; with every kind of content present (each step's record, the
themes and tags, the proposal's points, the presentation's body, frozen case memos, many
inputs) it costs the queries of one that holds nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialog.models import CaseMemoVersion, DecisionPoint, ProposalPoint, State, Theme
from tests.factories import (
    add_activity,
    add_inputs,
    complete_compilation,
    complete_decision_followup,
    complete_feedback,
    complete_processing,
    make_dialogue,
    put_in_state,
    write_case_memos,
)
from tests.helpers import login

pytestmark = pytest.mark.django_db


def page_queries(client, dialogue) -> int:
    client.get(dialogue.get_absolute_url())  # per-process caches warmed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(dialogue.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def fill(dialogue, cast, inputs: int):
    add_activity(dialogue)
    add_activity(dialogue, title="Dialogmöte 2")
    add_inputs(dialogue, inputs)
    add_inputs(dialogue, 2, within_purpose=False)
    complete_compilation(dialogue)
    complete_feedback(dialogue)
    complete_processing(dialogue)
    complete_decision_followup(dialogue)
    write_case_memos(dialogue)
    now = timezone.now()
    for number, (point, who) in enumerate(
        [
            (DecisionPoint.MANDATE, cast.official),
            (DecisionPoint.LAUNCH, cast.clerk),
            (DecisionPoint.FINAL, cast.politician),
        ],
        start=1,
    ):
        CaseMemoVersion.objects.create(
            dialogue=dialogue,
            point=point,
            number=number,
            frozen_at=now,
            frozen_on=now.date(),
            frozen_by=who,
            content={},
        )


def test_a_closed_dialogue_costs_the_same_queries_empty_and_full(client, cast):
    """Closed, every step's panel shows: each kind of content present, or none of it."""
    login(client, cast.official)
    empty = put_in_state(make_dialogue(cast), State.CLOSED, final_decision=True)
    full = put_in_state(make_dialogue(cast, title="Full"), State.CLOSED, final_decision=True)
    fill(full, cast, inputs=3)
    assert full.themes.exists() and full.proposal.points.count() == 2
    expected = page_queries(client, empty)
    assert page_queries(client, full) == expected
    more(full)
    assert page_queries(client, full) == expected


def test_the_compilation_step_costs_the_same_queries_with_more_of_everything(client, cast):
    """At the step the generated 50,000-input dialogue is at. (Completing a step's content
    makes its next action available, whose conditions are then checked: the same content with
    more rows is compared here.)"""
    login(client, cast.official)
    dialogue = put_in_state(make_dialogue(cast), State.COMPILATION)
    fill(dialogue, cast, inputs=3)
    expected = page_queries(client, dialogue)
    more(dialogue)
    assert page_queries(client, dialogue) == expected


def more(dialogue):
    """Many more of everything that comes in lists."""
    add_inputs(dialogue, 30)
    add_inputs(dialogue, 5, within_purpose=False)
    Theme.objects.create(dialogue=dialogue, name="Trygghet")
    complete_compilation(dialogue)
    complete_feedback(dialogue)
    for n in range(3):
        add_activity(dialogue, title=f"Möte {n}")
    ProposalPoint.objects.create(proposal=dialogue.proposal, number=3, text="Fler bänkar.")

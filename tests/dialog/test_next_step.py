"""The dialogue page's "Next step" box and the actions it shows (dialog.next_step, issue 14):
every state, as the people who act there and those who do not."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dialog import next_step, services
from dialog.models import STEPS, DecisionPoint, PlannedDecisionPoint, State
from dialog.selectors import dialogue_detail
from tests.factories import (
    add_activity,
    complete_compilation,
    complete_decision_followup,
    complete_execution,
    complete_feedback,
    complete_planning,
    complete_processing,
    make_dialogue,
    put_in_state,
)
from tests.helpers import advance, element, has, html, login, text, texts

COMPLETE = {
    State.PLANNING: complete_planning,
    State.EXECUTION: complete_execution,
    State.COMPILATION: complete_compilation,
    State.FEEDBACK: complete_feedback,
    State.PROCESSING: complete_processing,
}


def box_for(dialogue, user):
    dialogue = dialogue_detail(dialogue.pk)
    actions = services.available_actions(dialogue=dialogue, user=user)
    return next_step.next_step(dialogue, user, actions)


def at(dialogue, state, **kwargs):
    """The fast path: what a state allows, not how the case got there (tests/helpers.py)."""
    return put_in_state(dialogue, state, **kwargs)


# -- Every state ------------------------------------------------------------------------------


def test_initiative_complete_the_official_submits(cast, dialogue):
    box = box_for(dialogue, cast.official)
    assert box.kind == "act"
    assert box.action.name == "submit_for_mandate"
    assert box.missing == []
    assert cast.official.get_full_name() in box.who
    assert box.waiting_body == ""


def test_initiative_incomplete_lists_what_is_missing_once(cast):
    dialogue = make_dialogue(cast, complete=False)
    box = box_for(dialogue, cast.official)
    assert box.kind == "blocked"
    assert box.action is None
    assert box.missing and len(box.missing) == len(set(box.missing))
    assert box.section == "initiative"


def test_initiative_someone_else_acts_for_a_politician(cast, dialogue):
    box = box_for(dialogue, cast.politician)
    assert box.kind == "others"
    assert box.action is None
    assert box.section == ""


@pytest.mark.parametrize(
    ("state", "point"),
    [
        (State.MANDATE_DECISION, DecisionPoint.MANDATE),
        (State.LAUNCH_DECISION, DecisionPoint.LAUNCH),
        (State.DECISION, DecisionPoint.FINAL),
    ],
)
def test_a_decision_point_waits_for_its_body(cast, dialogue, state, point):
    dialogue = at(dialogue, state)
    PlannedDecisionPoint.objects.create(
        dialogue=dialogue, point=point, planned_on=date(2031, 3, 4), body=cast.body
    )
    official = box_for(dialogue, cast.official)
    assert official.kind == "wait"
    assert official.waiting_body == cast.body.name
    assert official.action is None
    assert official.due == date(2031, 3, 4)
    assert not official.overdue
    # The body's committee secretary records the decision: the main action is theirs.
    clerk = box_for(dialogue, cast.clerk)
    assert clerk.kind == "act"
    assert clerk.action.records_decision
    assert clerk.waiting_body == cast.body.name


def test_an_unregistered_decision_point_lacks_the_case_number(cast, dialogue):
    dialogue = at(dialogue, State.MANDATE_DECISION, registered=False)
    box = box_for(dialogue, cast.clerk)
    assert box.kind == "wait"
    assert box.action is None
    assert box.missing == dialogue.registration_missing()


def test_waiting_since_is_the_day_it_was_submitted(cast, dialogue):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 5, 6, 10)), tick=False):
        dialogue = advance(dialogue, cast, State.MANDATE_DECISION)
    box = box_for(dialogue, cast.official)
    assert box.waiting_since == date(2026, 5, 6)


@pytest.mark.parametrize(
    "state",
    [State.PLANNING, State.EXECUTION, State.COMPILATION, State.FEEDBACK, State.PROCESSING],
)
def test_a_working_step_the_official_completes_then_moves_on(cast, dialogue, state):
    dialogue = at(dialogue, state)
    before = box_for(dialogue, cast.official)
    assert before.kind == "blocked"
    assert before.missing
    assert before.section == next_step.STEP_SECTIONS[state]
    assert box_for(dialogue, cast.politician).kind == "others"
    COMPLETE[state](dialogue)
    after = box_for(dialogue, cast.official)
    assert after.kind == "act", after.missing
    assert after.missing == []
    assert after.action is not None and not after.action.danger


def test_execution_is_due_by_the_last_planned_activity(cast, dialogue):
    dialogue = at(dialogue, State.EXECUTION)
    soon = timezone.now() + timedelta(days=3)
    later = timezone.now() + timedelta(days=40)
    add_activity(dialogue, starts_at=soon)
    add_activity(dialogue, starts_at=later - timedelta(hours=2), ends_at=later)
    box = box_for(dialogue, cast.official)
    assert box.due == timezone.localtime(later).date()


def test_processing_is_due_by_the_planned_final_decision_and_says_when_it_passed(cast, dialogue):
    dialogue = at(dialogue, State.PROCESSING)
    PlannedDecisionPoint.objects.create(
        dialogue=dialogue, point=DecisionPoint.FINAL, planned_on=date(2020, 1, 2), body=cast.body
    )
    box = box_for(dialogue, cast.official)
    assert box.due == date(2020, 1, 2)
    assert box.overdue


def test_after_the_final_decision_the_official_closes(cast, dialogue):
    dialogue = at(dialogue, State.DECISION, final_decision=True, by=cast.clerk)
    box = box_for(dialogue, cast.official)
    assert box.waiting_body == ""
    assert box.kind in ("act", "blocked")
    if box.kind == "act":
        assert box.action.name == "close"
    complete_decision_followup(dialogue)
    assert box_for(dialogue, cast.official).action.name == "close"


@pytest.mark.parametrize(
    ("state", "kind"),
    [(State.CLOSED, "closed"), (State.REJECTED, "ended"), (State.CANCELLED, "ended")],
)
def test_an_ended_dialogue_has_no_next_step(cast, dialogue, state, kind):
    dialogue = at(dialogue, state)
    for person in (cast.official, cast.clerk, cast.politician):
        box = box_for(dialogue, person)
        assert box.kind == kind
        assert box.action is None


# -- The actions the page lists -------------------------------------------------------------


def test_actions_that_are_not_yours_are_not_listed(cast, dialogue):
    dialogue = at(dialogue, State.MANDATE_DECISION, registered=False)
    actions = services.available_actions(dialogue=dialogue_detail(dialogue.pk), user=cast.official)
    available, unavailable = next_step.shown_actions(actions)
    # The official may neither decide nor cancel: nothing is listed.
    assert available == [] and unavailable == []


def test_actions_not_possible_now_are_grouped_by_their_reasons(cast, dialogue):
    dialogue = at(dialogue, State.MANDATE_DECISION, registered=False)
    actions = services.available_actions(dialogue=dialogue_detail(dialogue.pk), user=cast.clerk)
    available, unavailable = next_step.shown_actions(actions)
    reasons = [r for group in unavailable for r in group["reasons"]]
    assert reasons.count(dialogue.registration_missing()[0]) == 1
    labels = [label for group in unavailable for label in group["labels"]]
    assert services.transition_label("approve_mandate") in labels


def test_step_status_follows_the_bar(cast, dialogue):
    dialogue = dialogue_detail(at(dialogue, State.EXECUTION).pk)
    current = STEPS.index(State.EXECUTION)
    bar = [
        {"status": "done" if i < current else "current" if i == current else "upcoming"}
        for i in range(len(STEPS))
    ]
    status = next_step.step_status(dialogue, bar)
    assert status["initiative"] == "done"
    assert status["planning"] == "done"
    assert status["execution"] == "current"
    assert status["processing"] == "upcoming"
    assert "decisions" not in status  # none recorded, none waiting


# -- The page -------------------------------------------------------------------------------


def test_the_page_shows_the_waiting_box_to_the_official(client, cast, dialogue):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 5, 6, 10)), tick=False):
        dialogue = advance(dialogue, cast, State.MANDATE_DECISION)
    page = html(login(client, cast.official).get(dialogue.get_absolute_url()))
    waiting = text(page, "#next-step-waiting")
    assert cast.body.name in waiting and "2026-05-06" in waiting
    # No "Cancel the dialogue" nor the policy sentence under actions that are not the official's.
    assert not has(page, "#unavailable")
    assert services.transition_label("cancel") not in text(page, "#actions")
    assert not has(page, "#next-step-action")


def test_the_page_offers_the_main_action_in_the_box(client, cast, dialogue):
    page = html(login(client, cast.official).get(dialogue.get_absolute_url()))
    assert "{#" not in page and "#}" not in page  # no template comment leaks onto the page
    form = element(page, "#next-step-action form")
    assert form["action"].endswith("/submit_for_mandate/")
    assert form.select_one('input[name="expected_state"]')["value"] == "initiative"


def test_the_index_lists_the_rendered_sections_with_their_status(client, cast, dialogue):
    dialogue = at(dialogue, State.PLANNING)
    page = html(login(client, cast.official).get(dialogue.get_absolute_url()))
    targets = [a["href"] for a in element(page, "#dialogue-index").select("a")]
    for anchor in ("#actions", "#initiative", "#mandate", "#planning", "#timeline"):
        assert anchor in targets
    # Every entry leads to a section the page has, or to the history's own page once it has one.
    try:
        history = [reverse("dialog:history", args=[dialogue.pk])]
    except NoReverseMatch:
        history = []
    for target in targets:
        assert (target.startswith("#") and has(page, target)) or target in history, target
    assert [t for t in targets if not t.startswith("#")] == history
    assert "panel--done" in element(page, "#initiative")["class"]
    assert "panel--current" in element(page, "#planning")["class"]
    assert texts(page, "#dialogue-index-narrow a") == texts(page, "#dialogue-index a")

"""dialog.run_dialogue: only the responsible official moves the dialogue on from a working
step. The permission says who; the transitions' source states say when."""

import pytest

from dialog.models import State
from tests.helpers import ROLES

PERMISSION = "dialog.run_dialogue"
ALLOWED = dict.fromkeys(State, frozenset({"responsible"}))
TRANSITIONS = {
    State.PLANNING: {"submit_for_launch"},
    State.EXECUTION: {"start_compilation"},
    State.COMPILATION: {"present_results"},
    State.FEEDBACK: {"start_processing"},
    State.PROCESSING: {"submit_for_decision"},
    State.DECISION: {"close"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_run_dialogue(walk, state, role):
    allowed = role in ALLOWED.get(state, ())
    assert walk.has_perm(PERMISSION, role, state) == allowed
    # The machine asks for this permission exactly in these transitions, and they agree.
    transitions = walk.transitions(PERMISSION, state)
    assert {t.name for t in transitions} == TRANSITIONS.get(state, set())
    dialogue, user = walk.dialogue(state), walk.people[role]
    assert [t.has_perm(dialogue, user) for t in transitions] == [allowed] * len(transitions)

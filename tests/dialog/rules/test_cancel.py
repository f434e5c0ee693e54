"""dialog.cancel: the responsible official or a politician of the dialogue's body cancel an
ongoing dialogue. The permission says who; the transition's source states say when."""

import pytest

from dialog.models import ACTIVE_STATES, State
from tests.helpers import ROLES

PERMISSION = "dialog.cancel"
ALLOWED = dict.fromkeys(State, frozenset({"responsible", "body_politician"}))
TRANSITIONS = {state: {"cancel"} for state in ACTIVE_STATES}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_cancel(walk, state, role):
    allowed = role in ALLOWED.get(state, ())
    assert walk.has_perm(PERMISSION, role, state) == allowed
    # The machine asks for this permission exactly in these transitions, and they agree.
    transitions = walk.transitions(PERMISSION, state)
    assert {t.name for t in transitions} == TRANSITIONS.get(state, set())
    dialogue, user = walk.dialogue(state), walk.people[role]
    assert [t.has_perm(dialogue, user) for t in transitions] == [allowed] * len(transitions)

"""dialog.submit_for_mandate: the responsible official or the initiator submit the dialogue
for its mandate decision. The permission says who; the transition's source state says when."""

import pytest

from dialog.models import State
from tests.helpers import ROLES

PERMISSION = "dialog.submit_for_mandate"
ALLOWED = dict.fromkeys(State, frozenset({"responsible", "initiator"}))
TRANSITIONS = {State.INITIATIVE: {"submit_for_mandate"}}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_submit_for_mandate(walk, state, role):
    allowed = role in ALLOWED.get(state, ())
    assert walk.has_perm(PERMISSION, role, state) == allowed
    # The machine asks for this permission exactly in these transitions, and they agree.
    transitions = walk.transitions(PERMISSION, state)
    assert {t.name for t in transitions} == TRANSITIONS.get(state, set())
    dialogue, user = walk.dialogue(state), walk.people[role]
    assert [t.has_perm(dialogue, user) for t in transitions] == [allowed] * len(transitions)

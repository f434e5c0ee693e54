"""dialog.decide: under the default policy the dialogue's body decides at its meetings and its
committee secretary (the grid's clerk) records the decision from the minutes, at a decision
point (other profiles: tests/dialog/test_policy.py; delegation and urgent decisions: their own
walks). One politician of the body decides nothing by a click (issue 12). An administrator
without a role does not decide for them. The permission says who; the transitions' source
states say when."""

import pytest

from dialog.models import State
from tests.helpers import ROLES

PERMISSION = "dialog.decide"
ALLOWED = dict.fromkeys(
    [State.MANDATE_DECISION, State.LAUNCH_DECISION, State.DECISION], frozenset({"clerk"})
)
TRANSITIONS = {
    State.MANDATE_DECISION: {"approve_mandate", "reject", "return_mandate"},
    State.LAUNCH_DECISION: {"approve_launch", "reject", "return_launch"},
    State.DECISION: {"decide", "reject", "return_proposal"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_decide(walk, state, role):
    allowed = role in ALLOWED.get(state, ())
    assert walk.has_perm(PERMISSION, role, state) == allowed
    # The machine asks for this permission exactly in these transitions, and they agree.
    transitions = walk.transitions(PERMISSION, state)
    assert {t.name for t in transitions} == TRANSITIONS.get(state, set())
    dialogue, user = walk.dialogue(state), walk.people[role]
    assert [t.has_perm(dialogue, user) for t in transitions] == [allowed] * len(transitions)

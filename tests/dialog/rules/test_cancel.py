"""dialog.cancel: cancelling is a decision (issue 12, item 3): of the body, recorded by its
committee secretary from the minutes or taken by its delegate at the decision point the order
names, or of the responsible official's head of administration (förvaltningschef). Never a
single politician (chair, member, ersättare) nor the responsible official alone. The permission
says who; the transition's source states say when."""

import pytest

from dialog.models import ACTIVE_STATES, State

from .delegation_grid import ROLES, module_grid

PERMISSION = "dialog.cancel"
ALLOWED = dict.fromkeys(State, frozenset({"secretary", "head"}))
# The delegates of KS's order, at the points they decide (tests/dialog/rules/delegation_grid.py).
ALLOWED[State.MANDATE_DECISION] = ALLOWED[State.MANDATE_DECISION] | {"delegate"}
TRANSITIONS = {state: {"cancel"} for state in ACTIVE_STATES}


@pytest.fixture(scope="module")
def grid(django_db_setup, django_db_blocker):
    yield from module_grid(django_db_blocker)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_cancel(walk, state, role):
    allowed = role in ALLOWED.get(state, ())
    assert walk.has_perm(PERMISSION, role, state) == allowed
    # The machine asks for this permission exactly in these transitions, and they agree.
    transitions = walk.transitions(PERMISSION, state)
    assert {t.name for t in transitions} == TRANSITIONS.get(state, set())
    dialogue, user = walk.dialogue(state), walk.user(role)
    assert [t.has_perm(dialogue, user) for t in transitions] == [allowed] * len(transitions)

"""dialog.decide_by_delegation: the delegate KS's order names for the current decision point
(the arbetsutskott for the mandate, the head of administration for the launch); never the final
decision (kommunallagen 6 kap 38 §), never outside a decision point. The transitions ask
dialog.decide, which lets the delegate through (tests/dialog/rules/test_decide.py)."""

import pytest

from dialog.models import State

from .delegation_grid import ROLES, module_grid


@pytest.fixture(scope="module")
def grid(django_db_setup, django_db_blocker):
    yield from module_grid(django_db_blocker)


PERMISSION = "dialog.decide_by_delegation"
ALLOWED = {
    State.MANDATE_DECISION: {"delegate"},
    State.LAUNCH_DECISION: {"head"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_decide_by_delegation(walk, state, role):
    allowed = role in ALLOWED.get(state, ())
    assert walk.has_perm(PERMISSION, role, state) == allowed
    if allowed:
        # Whoever may decide by delegation passes the transitions' own permission too.
        assert walk.has_perm("dialog.decide", role, state)

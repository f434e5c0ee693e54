"""dialog.decide_urgently: the chair of the deciding body at any decision point (ordförandebeslut,
kommunallagen 6 kap 39 §), or the vice chair while the chair is marked absent; never an
ersättare, a member, the secretary or an official."""

import pytest

from dialog.models import DECISION_POINT_STATES, State

from .delegation_grid import ROLES, module_grid


@pytest.fixture(scope="module")
def grid(django_db_setup, django_db_blocker):
    yield from module_grid(django_db_blocker)


PERMISSION = "dialog.decide_urgently"
ALLOWED = {state: {"chair", "vice_chair_acting"} for state in DECISION_POINT_STATES}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_decide_urgently(walk, state, role):
    allowed = role in ALLOWED.get(state, ())
    assert walk.has_perm(PERMISSION, role, state) == allowed
    if allowed:
        assert walk.has_perm("dialog.decide", role, state)

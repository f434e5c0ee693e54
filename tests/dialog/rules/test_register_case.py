"""dialog.register_case: the clerk of the dialogue's body registers an ongoing case, once."""

import pytest

from dialog.models import ACTIVE_STATES, State
from tests.helpers import ROLES

PERMISSION = "dialog.register_case"
ALLOWED = dict.fromkeys(ACTIVE_STATES, frozenset({"clerk"}))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_register_case(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state, registered=False) == (
        role in ALLOWED.get(state, ())
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_nobody_registers_it_twice(walk, state, role):
    assert not walk.has_perm(PERMISSION, role, state)

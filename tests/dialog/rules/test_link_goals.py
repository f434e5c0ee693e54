"""dialog.link_goals (issue 16): the officials working on the dialogue link it to the
municipality's goals, in every step while it is ongoing; nobody once it has ended."""

import pytest

from dialog.models import ACTIVE_STATES, State
from tests.helpers import ROLES, WORKS_ON_DIALOGUE

PERMISSION = "dialog.link_goals"
ALLOWED = dict.fromkeys(ACTIVE_STATES, WORKS_ON_DIALOGUE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_link_goals(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state) == (role in ALLOWED.get(state, ()))

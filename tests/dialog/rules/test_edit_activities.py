"""dialog.edit_activities: the officials working on the dialogue plan the activities, and
during execution mark them held or cancelled; at no other step."""

import pytest

from dialog.models import State
from tests.helpers import ROLES, WORKS_ON_DIALOGUE

PERMISSION = "dialog.edit_activities"
ALLOWED = dict.fromkeys([State.PLANNING, State.EXECUTION], WORKS_ON_DIALOGUE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_edit_activities(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state) == (role in ALLOWED.get(state, ()))

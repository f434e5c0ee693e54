"""dialog.edit_execution: the responsible official and the officials assigned to the dialogue
register input and update the activities, only while the dialogue is at the execution step."""

import pytest

from dialog.models import State
from tests.helpers import ROLES, WORKS_ON_DIALOGUE

PERMISSION = "dialog.edit_execution"
ALLOWED = {State.EXECUTION: WORKS_ON_DIALOGUE}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_edit_execution(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state) == (role in ALLOWED.get(state, ()))

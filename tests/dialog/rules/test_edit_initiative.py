"""dialog.edit_initiative: the officials working on the dialogue and its initiator change the
initiative, and only while it is at the initiative step."""

import pytest

from dialog.models import State
from tests.helpers import ROLES, WORKS_ON_DIALOGUE

PERMISSION = "dialog.edit_initiative"
ALLOWED = {State.INITIATIVE: WORKS_ON_DIALOGUE | {"initiator"}}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_edit_initiative(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state) == (role in ALLOWED.get(state, ()))

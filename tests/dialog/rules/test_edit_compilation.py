"""dialog.edit_compilation: the responsible official and the officials assigned to the dialogue
compile the results, only while the dialogue is at the compilation step."""

import pytest

from dialog.models import State
from tests.helpers import ROLES, WORKS_ON_DIALOGUE

PERMISSION = "dialog.edit_compilation"
ALLOWED = {State.COMPILATION: WORKS_ON_DIALOGUE}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_edit_compilation(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state) == (role in ALLOWED.get(state, ()))

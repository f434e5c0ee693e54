"""dialog.evaluate_activities (issue 16): the responsible official and the officials assigned to
the dialogue record who came to a held activity (per target group) and evaluate it, while the
dialogue is at the execution step, and correct it during the compilation; nobody else, never
in another state."""

import pytest

from dialog.models import State
from tests.helpers import ROLES, WORKS_ON_DIALOGUE

PERMISSION = "dialog.evaluate_activities"
ALLOWED = {State.EXECUTION: WORKS_ON_DIALOGUE, State.COMPILATION: WORKS_ON_DIALOGUE}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_evaluate_activities(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state) == (role in ALLOWED.get(state, ()))

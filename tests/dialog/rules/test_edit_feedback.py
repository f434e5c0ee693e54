"""dialog.edit_feedback: the responsible official and the officials assigned to the dialogue
record the presentation of the results and forward off-topic
input, only while the dialogue is at the feedback step."""

import pytest

from dialog.models import State
from tests.helpers import ROLES, WORKS_ON_DIALOGUE

PERMISSION = "dialog.edit_feedback"
ALLOWED = {State.FEEDBACK: WORKS_ON_DIALOGUE}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_edit_feedback(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state) == (role in ALLOWED.get(state, ()))

"""dialog.edit_processing: the responsible official and the officials assigned to the dialogue
write the proposal for decision, only while the dialogue is at the processing step."""

import pytest

from dialog.models import State
from tests.helpers import ROLES, WORKS_ON_DIALOGUE

PERMISSION = "dialog.edit_processing"
ALLOWED = {State.PROCESSING: WORKS_ON_DIALOGUE}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_edit_processing(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state) == (role in ALLOWED.get(state, ()))

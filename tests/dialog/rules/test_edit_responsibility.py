"""dialog.edit_responsibility: the responsible official or the body's clerk change who is
responsible, while the dialogue is ongoing."""

import pytest

from dialog.models import ACTIVE_STATES, State
from tests.helpers import ROLES

PERMISSION = "dialog.edit_responsibility"
ALLOWED = dict.fromkeys(ACTIVE_STATES, frozenset({"responsible", "clerk"}))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_edit_responsibility(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state) == (role in ALLOWED.get(state, ()))

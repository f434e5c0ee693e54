"""dialog.view_dialogue: everyone with a role in one of the municipality's bodies reads the
internal case, in every state; outsiders, administrators without a role and anonymous
visitors do not (residents get the public pages)."""

import pytest

from dialog.models import State
from tests.helpers import HAS_A_ROLE, ROLES

PERMISSION = "dialog.view_dialogue"
ALLOWED = dict.fromkeys(State, HAS_A_ROLE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_view_dialogue(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state) == (role in ALLOWED.get(state, ()))

"""dialog.link_documents: the responsible official links the steering documents the decision
changes, while the dialogue is at processing or decision."""

import pytest

from dialog.models import State
from tests.helpers import ROLES

PERMISSION = "dialog.link_documents"
ALLOWED = dict.fromkeys([State.PROCESSING, State.DECISION], frozenset({"responsible"}))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_link_documents(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state) == (role in ALLOWED.get(state, ()))

"""dialog.put_on_agenda: the committee secretary of the body that decides the dialogue's waiting
decision point (under its policy profile) puts it on that body's meeting agenda; only while it
waits at a decision point. No politician, official or administrator without a role does."""

import pytest

from dialog.models import State
from tests.helpers import ROLES

PERMISSION = "dialog.put_on_agenda"
ALLOWED = dict.fromkeys(
    [State.MANDATE_DECISION, State.LAUNCH_DECISION, State.DECISION], frozenset({"clerk"})
)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_put_on_agenda(walk, state, role):
    allowed = role in ALLOWED.get(state, ())
    assert walk.has_perm(PERMISSION, role, state) == allowed
    assert walk.has_perm(PERMISSION, role, state, registered=False) == allowed

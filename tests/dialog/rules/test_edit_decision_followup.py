"""dialog.edit_decision_followup: the officials working on the dialogue write the action plan,
the feedback to residents and the evaluation, at the decision step once the final decision is
recorded."""

import pytest

from dialog.models import State
from tests.helpers import ROLES, WORKS_ON_DIALOGUE

PERMISSION = "dialog.edit_decision_followup"
ALLOWED = {State.DECISION: WORKS_ON_DIALOGUE}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_edit_decision_followup(walk, state, role):
    assert walk.has_perm(PERMISSION, role, state) == (role in ALLOWED.get(state, ()))


@pytest.mark.parametrize("role", ROLES)
def test_nobody_before_the_final_decision(walk, role):
    assert not walk.has_perm(PERMISSION, role, State.DECISION, decided=False)

"""The meetings' permissions (roles/rules.py, issue 12), walked by every role of the grid and
for every state a dialogue on the agenda can be in (a meeting's rights do not depend on it):

- roles.manage_meetings (user, body): the body's committee secretary keeps its meetings;
- roles.add_meeting (user): any committee secretary creates meetings (of their bodies);
- roles.view_meeting (user, meeting): everyone with a role reads the agendas and minutes."""

import pytest
import rules

from dialog.models import State
from tests.factories import make_meeting
from tests.helpers import HAS_A_ROLE, ROLES


@pytest.fixture
def meeting(walk):
    return make_meeting(walk.cast.body)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_manage_meetings(walk, meeting, state, role):
    body = walk.dialogue(state).body
    assert rules.has_perm("roles.manage_meetings", walk.people[role], body) == (role == "clerk")
    # The other body's secretary keeps the other body's meetings, not this one's.
    assert not rules.has_perm("roles.manage_meetings", walk.cast.other_clerk, body)


@pytest.mark.parametrize("role", ROLES)
def test_add_meeting(walk, role):
    assert rules.has_perm("roles.add_meeting", walk.people[role]) == (role == "clerk")


@pytest.mark.parametrize("role", ROLES)
def test_view_meeting(walk, meeting, role):
    assert rules.has_perm("roles.view_meeting", walk.people[role], meeting) == (role in HAS_A_ROLE)

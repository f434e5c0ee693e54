"""The online form's permissions walked through every state: the officials working on the
dialogue set it up at the execution step only (dialog's own rule for the step's content), and
moderate it at the execution and compilation steps; nobody else, ever."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from dialog.models import Assignment, State
from roles.models import Membership
from tests.factories import make_member, put_in_state

MANAGE = "participation.manage_online_form"
MODERATE = "participation.moderate_online_views"


@pytest.mark.parametrize("state", State.values)
@pytest.mark.parametrize("permission", [MANAGE, MODERATE])
def test_who_may_run_the_online_form_in_every_state(cast, dialogue, state, permission):
    dialogue = put_in_state(dialogue, state)
    expert = make_member(cast.body, Membership.Role.OFFICIAL)
    Assignment.objects.create(dialogue=dialogue, person=expert, role=Assignment.Role.EXPERT)
    other_official = make_member(cast.body, Membership.Role.OFFICIAL)
    states = [State.EXECUTION] if permission == MANAGE else [State.EXECUTION, State.COMPILATION]
    allowed = state in states
    expected = {
        "responsible official": (cast.official, allowed),
        "expert official assigned": (expert, allowed),
        "secretary of the body": (cast.clerk, False),
        "politician of the body": (cast.politician, False),
        "another official": (other_official, False),
        "anonymous": (AnonymousUser(), False),
    }
    got = {who: rules.has_perm(permission, user, dialogue) for who, (user, _) in expected.items()}
    assert got == {who: ok for who, (_, ok) in expected.items()}

"""participation.publish_dialogue walked through every state: the responsible official and the
body's committee secretary, nobody else (the state is the service's condition, not the rule's)."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from dialog.models import State
from roles.models import Membership
from tests.factories import make_member, put_in_state

PERMISSION = "participation.publish_dialogue"


@pytest.mark.parametrize("state", State.values)
def test_who_may_publish_in_every_state(cast, dialogue, state):
    dialogue = put_in_state(dialogue, state)
    other_official = make_member(cast.body, Membership.Role.OFFICIAL)
    other_secretary = make_member(cast.other_body, Membership.Role.SECRETARY)
    expected = {
        "responsible official": (cast.official, True),
        "secretary of the body": (cast.clerk, True),
        "politician of the body": (cast.politician, False),
        "another official": (other_official, False),
        "another body's secretary": (other_secretary, False),
        "anonymous": (AnonymousUser(), False),
    }
    got = {who: rules.has_perm(PERMISSION, user, dialogue) for who, (user, _) in expected.items()}
    assert got == {who: allowed for who, (_, allowed) in expected.items()}

"""dialog.add_dialogue: officials and politicians propose dialogues. It asks about the person
only (there is no dialogue yet), so the walk is over the roles, with no state."""

import pytest
import rules

from tests.helpers import ROLES

PERMISSION = "dialog.add_dialogue"

ALLOWED = frozenset(
    {
        "responsible",
        "assigned_official",
        "other_official",
        "body_politician",
        "other_politician",
        "initiator",
    }
)


@pytest.mark.parametrize("role", ROLES)
def test_add_dialogue(walk, role):
    assert rules.has_perm(PERMISSION, walk.people[role]) == (role in ALLOWED)

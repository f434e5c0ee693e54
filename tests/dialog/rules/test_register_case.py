"""dialog.register_case: a registrar of the body whose diarium registers the dialogue's cases
registers an ongoing case, once. A committee secretary who is not also a registrar does not.

The grid's clerk holds both roles (as the role split left every former clerk). Besides the
grid's people: `registrar` (registrar of the dialogue's body only), `secretary` (its committee
secretary only) and `other_registrar` (registrar of another body); and a body registered in
another body's diarium, whose cases that body's registrar registers."""

import pytest
import rules

from dialog.models import ACTIVE_STATES, Dialogue, State
from roles.models import Body, Membership
from roles.selectors import forget_body_roles
from tests.factories import make_body, make_member
from tests.helpers import ROLES

PERMISSION = "dialog.register_case"
EXTRA_ROLES = ("registrar", "secretary", "other_registrar")
ALLOWED = dict.fromkeys(ACTIVE_STATES, frozenset({"clerk", "registrar"}))


@pytest.fixture
def people(walk):
    cast = walk.cast
    return {
        **walk.people,
        "registrar": make_member(cast.body, Membership.Role.REGISTRAR, first_name="Rut"),
        "secretary": make_member(cast.body, Membership.Role.SECRETARY, first_name="Saga"),
        "other_registrar": make_member(cast.other_body, Membership.Role.REGISTRAR),
    }


@pytest.mark.parametrize("role", ROLES + EXTRA_ROLES)
@pytest.mark.parametrize("state", list(State))
def test_register_case(walk, people, state, role):
    dialogue = walk.dialogue(state, registered=False)
    assert rules.has_perm(PERMISSION, people[role], dialogue) == (role in ALLOWED.get(state, ()))


@pytest.mark.parametrize("role", ROLES + EXTRA_ROLES)
@pytest.mark.parametrize("state", list(State))
def test_nobody_registers_it_twice(walk, people, state, role):
    assert not rules.has_perm(PERMISSION, people[role], walk.dialogue(state))


@pytest.mark.parametrize("state", ACTIVE_STATES)
def test_a_body_registered_in_another_diarium(walk, people, state):
    # The dialogue's body registers its cases in another body's diarium: that body's registrar
    # registers them, its own registrar no longer does.
    board = make_body("DIA", kind=Body.Kind.EXECUTIVE_BOARD)
    board_registrar = make_member(board, Membership.Role.REGISTRAR)
    Body.objects.filter(pk=walk.cast.body.pk).update(registered_in=board)
    dialogue = Dialogue.objects.select_related("body").get(
        pk=walk.dialogue(state, registered=False).pk
    )
    assert rules.has_perm(PERMISSION, board_registrar, dialogue)
    assert not rules.has_perm(PERMISSION, people["registrar"], dialogue)
    assert not rules.has_perm(PERMISSION, people["secretary"], dialogue)
    assert not rules.has_perm(PERMISSION, people["clerk"], dialogue)
    forget_body_roles(board_registrar)


def test_secretary_and_registrar_in_one_person(walk, people):
    # One person may hold both roles: the registrar's right comes with the registrar's role.
    clerk = people["secretary"]
    dialogue = walk.dialogue(State.INITIATIVE, registered=False)
    assert not rules.has_perm(PERMISSION, clerk, dialogue)
    Membership.objects.create(person=clerk, body=walk.cast.body, role=Membership.Role.REGISTRAR)
    forget_body_roles(clerk)
    try:
        assert rules.has_perm(PERMISSION, clerk, dialogue)
    finally:
        forget_body_roles(clerk)

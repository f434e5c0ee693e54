"""Registrars and secretaries for the tests: registering a case is the registrar's
(registrator), not the committee secretary's (issue 12). `tests.factories.Cast`'s clerk holds
both roles, as the role split left every former clerk; these give one role alone."""

from datetime import date

from roles.models import Membership
from roles.selectors import forget_body_roles
from tests.factories import make_member


def registrar_of(body, person=None, **extra):
    """A registrar of `body`'s diarium: `person` given the role too, or a new person."""
    if person is None:
        return make_member(body, Membership.Role.REGISTRAR, first_name="Rut", **extra)
    Membership.objects.get_or_create(
        person=person,
        body=body,
        role=Membership.Role.REGISTRAR,
        defaults={"valid_from": date(2020, 1, 1)},
    )
    forget_body_roles(person)
    return person


def secretary_of(body, **extra):
    """A committee secretary of `body` who is not its registrar."""
    return make_member(body, Membership.Role.SECRETARY, first_name="Saga", **extra)

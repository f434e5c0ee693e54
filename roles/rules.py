"""Who holds which role in which body. Predicates take (user, body)."""

import rules

from .models import Membership
from .selectors import body_ids_with_roles, body_roles


@rules.predicate
def is_politician_of_body(user, body) -> bool:
    return body is not None and body.pk in body_ids_with_roles(user, Membership.POLITICIAN_ROLES)


@rules.predicate
def is_official_of_body(user, body) -> bool:
    return body is not None and body.pk in body_ids_with_roles(user, Membership.OFFICIAL_ROLES)


@rules.predicate
def is_clerk_of_body(user, body) -> bool:
    return body is not None and body.pk in body_ids_with_roles(user, [Membership.Role.SECRETARY])


@rules.predicate
def is_registrar_of_body(user, body) -> bool:
    """Registers cases in the body's diarium (registrator)."""
    return body is not None and body.pk in body_ids_with_roles(user, [Membership.Role.REGISTRAR])


@rules.predicate
def is_politician(user) -> bool:
    return bool(body_ids_with_roles(user, Membership.POLITICIAN_ROLES))


@rules.predicate
def is_official(user) -> bool:
    return bool(body_ids_with_roles(user, Membership.OFFICIAL_ROLES))


@rules.predicate
def is_clerk(user) -> bool:
    return bool(body_ids_with_roles(user, [Membership.Role.SECRETARY]))


@rules.predicate
def has_any_membership(user) -> bool:
    return bool(body_roles(user))


rules.add_perm("roles.view_body", rules.is_authenticated)

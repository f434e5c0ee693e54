"""Who holds which role in which body. Predicates take (user, body)."""

import rules
from django.utils.translation import gettext_lazy as _

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

# Meetings (issue 12): the body's committee secretary keeps them (creates them, sets the agenda,
# records attendance, the minutes' outcomes, the justering and the anslag); everyone with a role
# reads them (agendas and minutes are public documents).
rules.add_perm("roles.manage_meetings", is_clerk_of_body)
rules.add_perm("roles.add_meeting", is_clerk)
rules.add_perm("roles.view_meeting", has_any_membership)

DENIED_REASONS = {
    "roles.manage_meetings": _("Only the committee secretary of %(body)s can keep its meetings."),
    "roles.add_meeting": _("Only a committee secretary can create a body's meetings."),
    "roles.view_meeting": _(
        "Only people with a role in one of the municipality's bodies can read meetings."
    ),
}


def denied_reason(permission: str, obj=None) -> str:
    text = str(DENIED_REASONS.get(permission, _("You are not allowed to do this.")))
    body = getattr(obj, "body", obj)
    name = getattr(body, "name", "")
    return text % {"body": name} if "%(body)s" in text else text

"""Reads of bodies and memberships that several pages and predicates share."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import Body, Membership

_CACHE_ATTR = "_delaktig_body_roles"


def body_roles(user) -> dict[int, frozenset[str]]:
    """The user's active roles per body id, fetched once per user object (one query a request)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        roles: dict[int, set[str]] = defaultdict(set)
        for body_id, role in (
            Membership.objects.active().filter(person=user).values_list("body_id", "role")
        ):
            roles[body_id].add(role)
        cached = {body_id: frozenset(found) for body_id, found in roles.items()}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_body_roles(user) -> None:
    """Drop the cached roles, after memberships changed within the same request or test."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def body_ids_with_roles(user, roles) -> set[int]:
    wanted = set(roles)
    return {body_id for body_id, held in body_roles(user).items() if held & wanted}


def political_bodies() -> QuerySet[Body]:
    return Body.objects.filter(kind__in=Body.POLITICAL_KINDS)


def officials_qs() -> QuerySet:
    """People who hold an active official role somewhere: candidates for responsible official."""
    User = get_user_model()
    return (
        User.objects.filter(
            is_active=True,
            memberships__in=Membership.objects.active().officials(),
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def politicians_of(body: Body) -> QuerySet:
    User = get_user_model()
    return (
        User.objects.filter(
            is_active=True,
            memberships__in=Membership.objects.active().politicians().filter(body=body),
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.active().filter(person=user).select_related("body")

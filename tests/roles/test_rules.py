"""The role predicates: which body a person holds which kind of role in, today."""

from datetime import timedelta

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from roles.models import Membership
from roles.rules import (
    has_any_membership,
    is_clerk,
    is_clerk_of_body,
    is_official,
    is_official_of_body,
    is_politician,
    is_politician_of_body,
)
from tests.factories import make_member

OF_BODY = {
    "politician": is_politician_of_body,
    "official": is_official_of_body,
    "clerk": is_clerk_of_body,
}
ANYWHERE = {"politician": is_politician, "official": is_official, "clerk": is_clerk}

# role in the cast -> (kind of role, own body?)
CAST_KINDS = {
    "official": ("official", True),
    "other_official": ("official", True),
    "politician": ("politician", True),
    "clerk": ("clerk", True),
    "other_politician": ("politician", False),
    "other_clerk": ("clerk", False),
    "outsider": (None, None),
}


@pytest.mark.parametrize("who", list(CAST_KINDS))
def test_predicates_per_body(cast, who):
    person = cast.everyone()[who]
    kind, own = CAST_KINDS[who]
    for name, predicate in OF_BODY.items():
        assert predicate(person, cast.body) == (name == kind and own is True)
        assert predicate(person, cast.other_body) == (name == kind and own is False)
        assert not predicate(person, None)
    for name, predicate in ANYWHERE.items():
        assert predicate(person) == (name == kind)
    assert has_any_membership(person) == (kind is not None)


@pytest.mark.parametrize(
    "role", [Membership.Role.VICE_CHAIR, Membership.Role.MEMBER, Membership.Role.DEPUTY]
)
def test_every_elected_role_is_a_politician(cast, role):
    person = make_member(cast.body, role)
    assert is_politician_of_body(person, cast.body)
    assert not is_official_of_body(person, cast.body)


def test_head_of_administration_is_an_official(cast):
    person = make_member(cast.body, Membership.Role.HEAD_OF_ADMINISTRATION)
    assert is_official_of_body(person, cast.body)
    assert not is_politician(person)


@pytest.mark.parametrize(("starts", "ends"), [(-30, -1), (1, None), (1, 30)])
def test_a_membership_outside_its_dates_counts_for_nothing(cast, starts, ends):
    today = timezone.localdate()
    person = make_member(cast.body, Membership.Role.CHAIR)
    Membership.objects.filter(person=person).update(
        valid_from=today + timedelta(days=starts),
        valid_to=None if ends is None else today + timedelta(days=ends),
    )
    person = type(person).objects.get(pk=person.pk)
    assert not is_politician_of_body(person, cast.body)
    assert not is_politician(person)
    assert not has_any_membership(person)


def test_anonymous_holds_no_role(cast):
    anonymous = AnonymousUser()
    assert not is_politician_of_body(anonymous, cast.body)
    assert not is_clerk(anonymous)
    assert not has_any_membership(anonymous)
    assert not rules.has_perm("roles.view_body", anonymous, cast.body)
    assert rules.has_perm("roles.view_body", cast.outsider, cast.body)

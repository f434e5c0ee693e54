"""Shared reads of roles: one query per user and request, and the candidate lists."""

from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from roles.models import Body, Membership
from roles.rules import is_clerk_of_body, is_politician_of_body
from roles.selectors import (
    body_ids_with_roles,
    body_roles,
    forget_body_roles,
    memberships_of,
    officials_qs,
    political_bodies,
    politicians_of,
)
from tests.factories import make_body, make_member


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_body_roles_are_fetched_once_per_user_object(cast, django_assert_num_queries):
    Membership.objects.create(person=cast.politician, body=cast.other_body, role="ersattare")
    politician = _fresh(cast.politician)
    with django_assert_num_queries(1):
        roles = body_roles(politician)
        assert body_roles(politician) is roles
        assert is_politician_of_body(politician, cast.body)
        assert is_politician_of_body(politician, cast.other_body)
        assert not is_clerk_of_body(politician, cast.body)
    assert roles == {
        cast.body.pk: frozenset({Membership.Role.CHAIR}),
        cast.other_body.pk: frozenset({Membership.Role.DEPUTY}),
    }


def test_forgetting_the_roles_reads_them_again(cast, django_assert_num_queries):
    clerk = _fresh(cast.clerk)
    assert body_ids_with_roles(clerk, [Membership.Role.SECRETARY]) == {cast.body.pk}
    Membership.objects.create(person=clerk, body=cast.other_body, role=Membership.Role.SECRETARY)
    # Cached: the new membership is not seen until the cache is dropped.
    with django_assert_num_queries(0):
        assert body_ids_with_roles(clerk, [Membership.Role.SECRETARY]) == {cast.body.pk}
    forget_body_roles(clerk)
    forget_body_roles(clerk)  # forgetting twice is harmless
    with django_assert_num_queries(1):
        assert body_ids_with_roles(clerk, [Membership.Role.SECRETARY]) == {
            cast.body.pk,
            cast.other_body.pk,
        }


def test_no_roles_and_no_query_for_anonymous(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert body_roles(AnonymousUser()) == {}


def test_body_roles_leave_out_memberships_out_of_their_dates(cast):
    today = timezone.localdate()
    Membership.objects.create(
        person=cast.official,
        body=cast.other_body,
        role=Membership.Role.OFFICIAL,
        valid_from=today - timedelta(days=10),
        valid_to=today - timedelta(days=1),
    )
    Membership.objects.create(
        person=cast.official,
        body=cast.other_body,
        role=Membership.Role.HEAD_OF_ADMINISTRATION,
        valid_from=today + timedelta(days=1),
    )
    assert body_roles(_fresh(cast.official)) == {cast.body.pk: frozenset({"tjansteperson"})}


def test_officials_qs_lists_active_officials_once(cast):
    Membership.objects.create(person=cast.official, body=cast.other_body, role="forvaltningschef")
    retired = make_member(cast.body, Membership.Role.OFFICIAL, first_name="Rut")
    Membership.objects.filter(person=retired).update(valid_to=date(2021, 1, 1))
    inactive = make_member(cast.body, Membership.Role.OFFICIAL, first_name="Ivar")
    inactive.is_active = False
    inactive.save()
    assert list(officials_qs()) == sorted(
        [cast.official, cast.other_official], key=lambda u: (u.last_name, u.first_name)
    )


def test_politicians_of_a_body(cast):
    deputy = make_member(cast.body, Membership.Role.DEPUTY)
    Membership.objects.create(person=cast.politician, body=cast.body, role="ledamot")
    assert set(politicians_of(cast.body)) == {cast.politician, deputy}
    assert politicians_of(cast.body).count() == 2
    assert list(politicians_of(cast.other_body)) == [cast.other_politician]


def test_memberships_of_and_political_bodies(cast):
    Membership.objects.create(
        person=cast.clerk,
        body=cast.other_body,
        role="namndsekreterare",
        valid_to=date(2021, 1, 1),
        valid_from=date(2020, 1, 1),
    )
    # The clerk is the body's committee secretary and its registrar: two memberships, both in
    # force; the ended one is not listed.
    assert {(m.body, m.role) for m in memberships_of(cast.clerk)} == {
        (cast.body, Membership.Role.SECRETARY),
        (cast.body, Membership.Role.REGISTRAR),
    }
    administration = make_body("SBF", kind=Body.Kind.ADMINISTRATION)
    assert administration not in political_bodies()
    assert {cast.body, cast.other_body} <= set(political_bodies())

"""Bodies and memberships: the invariants the model and the database keep."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from roles.models import Body, Membership
from tests.factories import make_body, make_person

pytestmark = pytest.mark.django_db


def test_a_body_tree_is_valid():
    council = make_body("KF", kind=Body.Kind.COUNCIL)
    board = make_body("KS", parent=council)
    board.full_clean()
    committee = make_body("KSAU", kind=Body.Kind.SUBCOMMITTEE, parent=board)
    committee.full_clean()
    assert str(board) == "Organ KS (KS)"


def test_a_body_cannot_be_its_own_parent():
    board = make_body("KS")
    board.parent = board
    with pytest.raises(ValidationError) as invalid:
        board.full_clean()
    assert set(invalid.value.message_dict) == {"parent"}


@pytest.mark.parametrize("depth", [2, 3])
def test_a_body_cannot_be_placed_under_its_descendant(depth):
    top = make_body("KF", kind=Body.Kind.COUNCIL)
    node = top
    for n in range(depth - 1):
        node = make_body(f"N{n}", kind=Body.Kind.COMMITTEE, parent=node)
    top.parent = node
    with pytest.raises(ValidationError) as invalid:
        top.full_clean()
    assert "parent" in invalid.value.message_dict


@pytest.mark.parametrize("code", ["ks", "K S", "1KS", "KS_1", ""])
def test_body_code_format(code):
    body = Body(name="Kommunstyrelsen", code=code, kind=Body.Kind.EXECUTIVE_BOARD)
    with pytest.raises(ValidationError) as invalid:
        body.full_clean()
    assert "code" in invalid.value.message_dict
    Body(name="Barn- och utbildningsnämnden", code="BUN-2", kind="namnd").full_clean()


def test_political_kinds():
    assert make_body("KS").is_political
    assert not make_body("SBF", kind=Body.Kind.ADMINISTRATION).is_political


def _membership(body, role, **dates):
    return Membership(person=make_person(), body=body, role=role, **dates)


@pytest.mark.parametrize("role", Membership.POLITICIAN_ROLES)
def test_an_elected_role_in_an_administration_is_refused(role):
    administration = make_body("SBF", kind=Body.Kind.ADMINISTRATION)
    with pytest.raises(ValidationError) as invalid:
        _membership(administration, role).full_clean()
    assert set(invalid.value.message_dict) == {"role"}
    _membership(make_body("KS"), role).full_clean()


@pytest.mark.parametrize("role", [*Membership.OFFICIAL_ROLES, Membership.Role.SECRETARY])
def test_officials_and_clerks_may_belong_to_an_administration(role):
    _membership(make_body("SBF", kind=Body.Kind.ADMINISTRATION), role).full_clean()


def test_a_membership_cannot_end_before_it_begins():
    body = make_body("KS")
    membership = _membership(
        body, Membership.Role.MEMBER, valid_from=date(2024, 1, 2), valid_to=date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as invalid:
        membership.full_clean()
    assert set(invalid.value.message_dict) == {"valid_to"}
    _membership(
        body, Membership.Role.MEMBER, valid_from=date(2024, 1, 2), valid_to=date(2024, 1, 2)
    ).full_clean()


def test_the_database_refuses_a_membership_ending_before_it_begins():
    body = make_body("KS")
    with pytest.raises(IntegrityError), transaction.atomic():
        _membership(
            body, Membership.Role.MEMBER, valid_from=date(2024, 1, 2), valid_to=date(2024, 1, 1)
        ).save()
    same_day = _membership(
        body, Membership.Role.MEMBER, valid_from=date(2024, 1, 2), valid_to=date(2024, 1, 2)
    )
    same_day.save()
    open_ended = _membership(body, Membership.Role.MEMBER, valid_from=date(2024, 1, 2))
    open_ended.save()
    assert Membership.objects.count() == 2


@pytest.fixture
def dated_memberships():
    """Memberships of one body around 2024-06-15."""
    body = make_body("KS")
    day = date(2024, 6, 15)
    spans = {
        "ended_day_before": (date(2020, 1, 1), day - timedelta(days=1)),
        "ends_that_day": (date(2020, 1, 1), day),
        "starts_that_day": (day, None),
        "starts_day_after": (day + timedelta(days=1), None),
        "open_ended": (date(2020, 1, 1), None),
        "one_day": (day, day),
    }
    made = {}
    for name, (valid_from, valid_to) in spans.items():
        made[name] = Membership.objects.create(
            person=make_person(),
            body=body,
            role=Membership.Role.MEMBER,
            valid_from=valid_from,
            valid_to=valid_to,
        )
    return day, made


def test_active_includes_both_boundary_days(dated_memberships):
    day, made = dated_memberships
    active = set(Membership.objects.active(on=day))
    assert active == {
        made["ends_that_day"],
        made["starts_that_day"],
        made["open_ended"],
        made["one_day"],
    }
    later = set(Membership.objects.active(on=day + timedelta(days=1)))
    assert later == {made["starts_that_day"], made["starts_day_after"], made["open_ended"]}


def test_active_defaults_to_today():
    body = make_body("KS")
    today = timezone.localdate()
    current = Membership.objects.create(
        person=make_person(), body=body, role="ledamot", valid_from=today, valid_to=today
    )
    Membership.objects.create(
        person=make_person(),
        body=body,
        role="ledamot",
        valid_from=today - timedelta(days=30),
        valid_to=today - timedelta(days=1),
    )
    assert list(Membership.objects.active()) == [current]


def test_role_filters():
    body = make_body("KS")
    by_role = {
        role: Membership.objects.create(person=make_person(), body=body, role=role)
        for role in Membership.Role
    }
    assert set(Membership.objects.politicians()) == {
        by_role[r] for r in Membership.POLITICIAN_ROLES
    }
    assert set(Membership.objects.officials()) == {by_role[r] for r in Membership.OFFICIAL_ROLES}
    assert list(Membership.objects.secretaries()) == [by_role[Membership.Role.SECRETARY]]

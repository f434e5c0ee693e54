"""Reads about delegation and urgent decisions (issue 12): what is still to be reported to the
bodies (anmälan, kommunallagen 6 kap 40 §), for their committee secretaries."""

from django.db.models import QuerySet
from django.utils import timezone

from roles.models import Body, ChairAbsence, Meeting, Membership
from roles.selectors import body_ids_with_roles

from .models import Decision


def secretary_body_ids(user) -> set[int]:
    return body_ids_with_roles(user, [Membership.Role.SECRETARY])


def unreported_decisions(user) -> QuerySet[Decision]:
    """Delegation and urgent decisions of the bodies `user` is secretary of, not yet reported
    to them, oldest first (the order they go on the next meeting's list)."""
    return (
        Decision.objects.filter(
            kind__in=Decision.REPORTED_KINDS,
            reported_meeting__isnull=True,
            body_id__in=secretary_body_ids(user),
            body__kind__in=Body.POLITICAL_KINDS,
        )
        .select_related("body", "dialogue", "recorded_by")
        .order_by("body__name", "decided_on", "pk")
    )


def report_meetings(decision) -> QuerySet[Meeting]:
    """The held meetings of the decision's body where it can have been reported: on or after
    its date, up to today."""
    return Meeting.objects.filter(
        body=decision.body,
        held_on__gte=decision.decided_on,
        held_on__lte=timezone.localdate(),
    ).order_by("held_on", "pk")


def secretary_bodies(user) -> QuerySet[Body]:
    return Body.objects.filter(
        pk__in=secretary_body_ids(user), kind__in=Body.POLITICAL_KINDS
    ).order_by("name")


def chair_absences(user) -> QuerySet[ChairAbsence]:
    return (
        ChairAbsence.objects.filter(body_id__in=secretary_body_ids(user))
        .select_related("body")
        .order_by("body__name", "-starts_on")
    )

"""Reads of dialogues that pages share, each with the joins it needs."""

from django.db.models import Count, Prefetch, Q, QuerySet

from roles.models import Membership
from roles.selectors import body_ids_with_roles

from .models import (
    DECISION_POINT_STATES,
    Assignment,
    Decision,
    Dialogue,
    State,
    TransitionLog,
)


def dialogue_list() -> QuerySet[Dialogue]:
    """The list pages' rows: one query whatever the number of rows."""
    return Dialogue.objects.select_related("body", "responsible_official")


def dialogue_detail(pk: int) -> Dialogue:
    return (
        Dialogue.objects.select_related(
            "body", "responsible_official", "initiated_by", "registered_by", "mandate"
        )
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("person")),
            Prefetch("decisions", queryset=Decision.objects.select_related("body", "recorded_by")),
            Prefetch(
                "transitions",
                queryset=TransitionLog.objects.select_related("by", "decision"),
            ),
        )
        .get(pk=pk)
    )


def my_dialogues(user) -> QuerySet[Dialogue]:
    """Dialogues the user carries as responsible official or assigned official."""
    return (
        dialogue_list()
        .filter(
            Q(responsible_official=user)
            | Q(
                assignments__person=user,
                assignments__role__in=Assignment.OFFICIAL_ROLES,
            )
            | Q(initiated_by=user, state=State.INITIATIVE)
        )
        .distinct()
    )


def awaiting_decision(user) -> QuerySet[Dialogue]:
    """Dialogues at a decision point of a body where the user is a politician."""
    bodies = body_ids_with_roles(user, Membership.POLITICIAN_ROLES)
    return dialogue_list().filter(body_id__in=bodies, state__in=DECISION_POINT_STATES)


def clerk_queue(user) -> QuerySet[Dialogue]:
    """For a clerk: cases to register, and decision points to record from the minutes."""
    bodies = body_ids_with_roles(user, [Membership.Role.CLERK])
    return (
        dialogue_list()
        .filter(body_id__in=bodies)
        .filter(
            Q(case_number__isnull=True, state__in=[s for s in State if s not in _ENDS])
            | Q(state__in=DECISION_POINT_STATES)
        )
    )


_ENDS = {State.CLOSED, State.REJECTED, State.CANCELLED}


def state_counts(queryset: QuerySet[Dialogue]) -> list[tuple[str, str, int]]:
    """(state, label, count) for every state, in process order, zeros included."""
    counts = dict(
        queryset.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return [(s.value, s.label, counts.get(s.value, 0)) for s in State]


def registration_years() -> list[int]:
    return sorted(
        {y for y in Dialogue.objects.exclude(case_year=None).values_list("case_year", flat=True)},
        reverse=True,
    )

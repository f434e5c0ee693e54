"""Reads about meetings, agendas and meeting decisions (issue 12), shared by views and
templates. (dialog.selectors holds the other reads.)"""

from django.utils import timezone

from roles.models import Attendance, Meeting, Membership
from roles.selectors import body_ids_with_roles

from . import policy
from .models import DECISION_POINT_STATES, AgendaItem, Decision, Dialogue

MEMBER_ROLES = (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.MEMBER)


def meeting_roles(meeting) -> dict:
    """Person pk -> the political role they hold in the meeting's body on its day (the
    highest, where one holds several)."""
    order = [*MEMBER_ROLES, Membership.Role.DEPUTY]
    found = {}
    memberships = (
        Membership.objects.active(on=meeting.held_on)
        .filter(body=meeting.body, role__in=order)
        .values_list("person_id", "role")
    )
    for person_id, role in memberships:
        if person_id not in found or order.index(role) < order.index(found[person_id]):
            found[person_id] = role
    return found


def meetings_to_record_at(dialogue, user):
    """The held meetings of the bodies whose decisions `user` records at the dialogue's current
    point, latest first: where the point can have been decided."""
    bodies = [b.pk for b in policy.bodies_user_records_for(dialogue, user)]
    return (
        Meeting.objects.filter(body_id__in=bodies, held_on__lte=timezone.localdate())
        .select_related("body")
        .order_by("-held_on", "-pk")
    )


def _my_body_ids(user) -> set[int]:
    return set(body_ids_with_roles(user, [*Membership.POLITICIAN_ROLES, Membership.Role.SECRETARY]))


def meetings_of(user):
    """The meetings of the bodies where `user` is a politician or the committee secretary."""
    return Meeting.objects.filter(body_id__in=_my_body_ids(user)).select_related("body")


def upcoming_meetings(user, limit: int | None = None):
    """The coming meetings (today on) of the bodies where `user` is a politician (members and
    substitutes), soonest first: the dashboard's list."""
    bodies = body_ids_with_roles(user, Membership.POLITICIAN_ROLES)
    found = (
        Meeting.objects.filter(body_id__in=bodies, held_on__gte=timezone.localdate())
        .select_related("body")
        .order_by("held_on", "starts_at", "pk")
    )
    return list(found[:limit] if limit else found)


def secretary_bodies(user):
    from roles.models import Body

    return Body.objects.filter(pk__in=body_ids_with_roles(user, [Membership.Role.SECRETARY]))


def waiting_points(meeting):
    """The dialogues waiting at a decision point the meeting's body decides under their policy
    profile, and not yet on this meeting's agenda for that point."""
    on_agenda = set(AgendaItem.objects.filter(meeting=meeting).values_list("dialogue_id", "point"))
    found = []
    from .services.meetings import is_waiting_at

    candidates = (
        Dialogue.objects.filter(state__in=DECISION_POINT_STATES)
        .select_related("body", "policy_profile")
        .prefetch_related("decisions")
    )
    for dialogue in candidates.order_by("case_number", "pk"):
        point = dialogue.decision_point
        if (dialogue.pk, point) in on_agenda:
            continue
        if is_waiting_at(dialogue, meeting.body):
            found.append(dialogue)
    return found


def agenda(meeting) -> list[dict]:
    """The meeting's agenda in order, each item with its dialogue and the recorded outcome."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("dialogue", "dialogue__body")
        .order_by("number", "pk")
    )
    decisions = {(d.dialogue_id, d.point): d for d in Decision.objects.filter(meeting=meeting)}
    return [
        {"item": item, "decision": decisions.get((item.dialogue_id, item.point))} for item in items
    ]


def attendance(meeting) -> dict:
    """Who was the body at the meeting: members present, members absent, substitutes serving
    (in whose place), substitutes present without serving."""
    rows = list(Attendance.objects.filter(meeting=meeting).select_related("person", "serving_for"))
    roles = meeting_roles(meeting)
    members = [r for r in rows if roles.get(r.person_id) in MEMBER_ROLES]
    deputies = [r for r in rows if roles.get(r.person_id) == Membership.Role.DEPUTY]
    return {
        "recorded": bool(rows),
        "present": [r for r in members if r.present],
        "absent": [r for r in members if not r.present],
        "serving": [r for r in deputies if r.present and r.serving_for_id],
        "listening": [r for r in deputies if r.present and not r.serving_for_id],
        "roles": roles,
    }


def politicians_of_meeting(meeting):
    """The body's politicians on the meeting's day, members first, with their roles."""
    from django.contrib.auth import get_user_model

    roles = meeting_roles(meeting)
    people = get_user_model().objects.filter(pk__in=roles).order_by("last_name", "first_name")
    order = [
        Membership.Role.CHAIR,
        Membership.Role.VICE_CHAIR,
        Membership.Role.MEMBER,
        Membership.Role.DEPUTY,
    ]
    return sorted(people, key=lambda p: order.index(roles[p.pk])), roles

"""The demo's meetings (issue 12): each deciding body met on the days its decisions were taken,
with those points on its agenda, all its politicians present, the minutes checked (justering)
four days later and posted (anslag) the day after; its committee secretary recorded each
decision from the minutes. Every political body has an upcoming meeting with the points now
waiting for it on the agenda. Called by `load_demo` (`before_step`, `load`, and `meeting_for`
from its decision steps)."""

from datetime import time, timedelta

from django.utils import timezone

from roles.models import Body, Meeting, Membership

from .. import policy
from ..models import DECISION_POINT_STATES, AgendaItem, Decision, Dialogue
from ..services import meetings as services

PLACE = "Kommunhuset, sammanträdesrummet"
# After the meeting: the minutes checked (justering), then the justering posted (anslag).
ADJUSTED_AFTER = timedelta(days=4)
POSTED_AFTER = timedelta(days=5)
UPCOMING_IN = timedelta(days=16)


def before_step(*, dialogue, action: str, people, official) -> None:
    """Nothing before a step: the decision steps ask `meeting_for`."""


def secretary_of(body):
    membership = (
        Membership.objects.active()
        .filter(body=body, role=Membership.Role.SECRETARY)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return membership.person if membership else None


def deciding_body(dialogue, user):
    """The body that decides the dialogue's current point: the one `user` sits in among the
    deciding bodies, else the dialogue's own when it decides, else the first."""
    bodies = policy.deciding_bodies(dialogue)
    mine = {m.body_id for m in Membership.objects.active().filter(person=user)}
    return (
        next((b for b in bodies if b.pk in mine), None)
        or next((b for b in bodies if b.pk == dialogue.body_id), None)
        or bodies[0]
    )


def meeting_for(dialogue, *, user):
    """The deciding body's meeting today (made when there is none yet), with the dialogue's
    waiting point put on its agenda by the secretary; the meeting and the secretary."""
    body = deciding_body(dialogue, user)
    secretary = secretary_of(body)
    today = timezone.localdate()
    meeting = Meeting.objects.filter(body=body, held_on=today).first()
    if meeting is None:
        meeting = services.create_meeting(
            user=secretary, body=body, held_on=today, starts_at=time(13, 0), place=PLACE
        )
    if not AgendaItem.objects.filter(
        meeting=meeting, dialogue=dialogue, point=dialogue.decision_point
    ).exists():
        services.add_to_agenda(meeting_id=meeting.pk, dialogue_id=dialogue.pk, user=secretary)
    return meeting, secretary


def next_paragraph(meeting) -> str:
    """§ numbers run on through the body's year: the next after the highest used so far."""
    used = Decision.objects.filter(
        meeting__body=meeting.body, meeting__held_on__year=meeting.held_on.year
    ).values_list("paragraph", flat=True)
    numbers = [int(p) for p in used if p.isdigit()]
    return str(max(numbers, default=10 * meeting.body.pk) + 1)


def occasion(dialogue) -> str:
    bodies = policy.deciding_bodies(dialogue)
    return f"{bodies[0].name}s sammanträde" if bodies else "Presidiets möte"


def load(*, bodies, people, command) -> None:
    """After the dialogues: the held meetings' attendance, justering and anslag; an upcoming
    meeting of each political body with the points waiting for it. Safe to run again."""
    today = timezone.localdate(command.real_now)
    for meeting in Meeting.objects.filter(held_on__lt=today).select_related("body"):
        _after_the_meeting(meeting, today)
    for body in Body.objects.filter(kind__in=Body.POLITICAL_KINDS).order_by("name"):
        secretary = secretary_of(body)
        if secretary is None:
            continue
        upcoming = Meeting.objects.filter(body=body, held_on__gt=today).first()
        if upcoming is None:
            upcoming = services.create_meeting(
                user=secretary,
                body=body,
                held_on=today + UPCOMING_IN + timedelta(days=body.pk % 5),
                starts_at=time(13, 0),
                place=PLACE,
            )
        on_agenda = set(
            AgendaItem.objects.filter(meeting=upcoming).values_list("dialogue_id", "point")
        )
        waiting = Dialogue.objects.filter(state__in=DECISION_POINT_STATES).order_by("pk")
        for dialogue in waiting.prefetch_related("decisions"):
            if (dialogue.pk, dialogue.decision_point) in on_agenda:
                continue
            if services.is_waiting_at(dialogue, body):
                services.add_to_agenda(
                    meeting_id=upcoming.pk, dialogue_id=dialogue.pk, user=secretary
                )


def _after_the_meeting(meeting, today) -> None:
    secretary = secretary_of(meeting.body)
    if secretary is None:
        return
    if not meeting.attendances.exists():
        roles = services.meeting_roles(meeting)
        people = {m.person_id: m.person for m in Membership.objects.filter(body=meeting.body)}
        rows = [(people[pk], True, None) for pk in roles]
        if rows:
            services.record_attendance(meeting_id=meeting.pk, user=secretary, rows=rows)
    if meeting.adjusted_on is None and meeting.held_on + ADJUSTED_AFTER <= today:
        posted = meeting.held_on + POSTED_AFTER
        services.record_adjustment(
            meeting_id=meeting.pk,
            user=secretary,
            adjusted_on=meeting.held_on + ADJUSTED_AFTER,
            posted_on=posted if posted <= today else None,
        )

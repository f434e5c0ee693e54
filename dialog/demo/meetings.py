"""The demo's meetings (issue 12): the deciding bodies meet, their committee secretaries record
the decisions from the minutes. Called by `load_demo`."""

from django.utils import timezone

from roles.models import Meeting, Membership

from .. import policy
from ..models import Decision


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
    """The deciding body's meeting today (made when there is none yet) and its secretary."""
    body = deciding_body(dialogue, user)
    today = timezone.localdate()
    meeting = Meeting.objects.filter(body=body, held_on=today).first()
    if meeting is None:
        meeting = Meeting.objects.create(
            body=body, held_on=today, place="Kommunhuset, sammanträdesrummet"
        )
    return meeting, secretary_of(body)


def next_paragraph(meeting) -> str:
    used = [
        int(p)
        for p in Decision.objects.filter(meeting=meeting).values_list("paragraph", flat=True)
        if p.isdigit()
    ]
    return str(max(used, default=0) + 1)


def occasion(dialogue) -> str:
    bodies = policy.deciding_bodies(dialogue)
    return f"{bodies[0].name}s sammanträde" if bodies else "Presidiets möte"

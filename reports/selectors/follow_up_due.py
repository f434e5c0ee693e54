"""Which follow-ups of the dialogue work are due for a clerk (issue 16): the reminder on the
dashboard.

The profile in force gives the rhythm (`PolicyProfile.follow_up_rhythm_months`: 6 = the interim
period and the year, 12 = the year, 48 = the term of office). For each kind of period in the
rhythm, the latest period that has ended is due until a follow-up of it has been generated (queued,
running or done; a failed one does not count):
- of the whole municipality, for the committee secretaries of the council and the executive board;
- of a body, for its committee secretary, when the body had dialogues by the period's end.

One query for the bodies with every flag, after the user's roles (read once per request) and the
profile in force.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dialog.models import Dialogue
from governance.selectors import profile_in_force
from roles.models import Body, Membership
from roles.selectors import body_roles

from ..models import Report
from ..rules import MUNICIPALITY_FOLLOW_UP_KINDS
from . import periods

PER_BODY_KINDS = (Body.Kind.COUNCIL, Body.Kind.EXECUTIVE_BOARD, Body.Kind.COMMITTEE)
MUNICIPALITY = "kommunen"  # follow_up_views.MUNICIPALITY


@dataclass(frozen=True)
class DueFollowUp:
    period: periods.Period
    body: Body | None  # None: the whole municipality
    text: str
    query: str  # for the follow-up page's address


def rhythm(on: date | None = None) -> int:
    profile = profile_in_force(on)
    return profile.follow_up_rhythm_months if profile is not None else 12


def _generated(period: periods.Period, *, body_ref) -> Exists:
    reports = Report.objects.filter(
        kind=Report.Kind.FOLLOW_UP, period=period.kind, year=period.year
    ).exclude(status=Report.Status.FAILED)
    if body_ref is None:
        reports = reports.filter(body__isnull=True)
    else:
        reports = reports.filter(body=body_ref)
    return Exists(reports)


def due_follow_ups(user, *, on: date | None = None) -> list[DueFollowUp]:
    """The follow-ups due that the user, as a committee secretary, is responsible for."""
    clerk_of = [
        body_id for body_id, held in body_roles(user).items() if Membership.Role.SECRETARY in held
    ]
    if not clerk_of:
        return []
    today = on or timezone.localdate()
    kinds = periods.RHYTHM_PERIODS.get(rhythm(today), (periods.YEAR,))
    due_periods = [periods.last_ended(kind, today) for kind in kinds]
    flags = {}
    for index, period in enumerate(due_periods):
        _start, end = period.moments()
        flags[f"body_{index}"] = _generated(period, body_ref=OuterRef("pk"))
        flags[f"municipality_{index}"] = _generated(period, body_ref=None)
        flags[f"dialogues_{index}"] = Exists(
            Dialogue.objects.filter(body=OuterRef("pk"), created_at__lt=end)
        )
    bodies = list(
        Body.objects.filter(pk__in=clerk_of, kind__in=PER_BODY_KINDS)
        .annotate(**flags)
        .order_by("name")
    )
    found = []
    for index, period in enumerate(due_periods):
        municipal = [b for b in bodies if b.kind in MUNICIPALITY_FOLLOW_UP_KINDS]
        if municipal and not getattr(municipal[0], f"municipality_{index}"):
            found.append(_due(period, None))
        for body in bodies:
            if getattr(body, f"dialogues_{index}") and not getattr(body, f"body_{index}"):
                found.append(_due(period, body))
    return found


def _due(period: periods.Period, body: Body | None) -> DueFollowUp:
    from django.conf import settings

    scope = body.name if body is not None else settings.MUNICIPALITY_NAME
    text = _("The follow-up of the dialogue work for %(period)s is due: %(scope)s.") % {
        "period": period.label,
        "scope": scope,
    }
    query = urlencode({"body": body.pk if body is not None else MUNICIPALITY, "period": period.key})
    return DueFollowUp(period=period, body=body, text=text, query=query)

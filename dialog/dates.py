"""Dates follow the process (issue 9): the rules on the dates of decisions and activities.

A decision point is decided on or after the earlier decision point's approval and on or after the
day the dialogue was submitted to it, and never in the future; an activity is held on or after
the launch decision, and not after today. Each refusal names both dates, so the user sees which
one to correct. `run_transition` (via `_build_decision`) and `Activity.clean` ask this module.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# The decision points in the order the process passes them (values of DecisionPoint).
_POINT_ORDER = {"mandate": 0, "launch": 1, "final": 2}


def _iso(day: date) -> str:
    return day.isoformat()


def _earlier_decision_message(point: str, decided_on: date, earlier: date) -> str:
    values = {"date": _iso(decided_on), "earlier": _iso(earlier)}
    if point == "mandate":
        return _("The decision date %(date)s is before the mandate decision of %(earlier)s.") % (
            values
        )
    return _("The decision date %(date)s is before the launch decision of %(earlier)s.") % values


def submitted_on(dialogue) -> date | None:
    """The day the dialogue was last moved into its current decision state (the timeline entry
    that submitted it), or None when the timeline has none."""
    from .models import TransitionLog

    entry = (
        TransitionLog.objects.filter(dialogue=dialogue, target=dialogue.state)
        .exclude(source=dialogue.state)
        .order_by("-at", "-pk")
        .first()
    )
    return timezone.localtime(entry.at).date() if entry else None


def decision_date_problems(dialogue, decided_on: date) -> list[str]:
    """Why `decided_on` cannot be the date of the decision at the dialogue's current point."""
    from .models import Decision, DecisionPoint

    today = timezone.localdate()
    if decided_on > today:
        return [
            _("The decision date %(date)s is after today's date, %(today)s.")
            % {"date": _iso(decided_on), "today": _iso(today)}
        ]
    problems = []
    point = DecisionPoint.for_state(dialogue.state)
    rank = _POINT_ORDER.get(point, -1)
    earlier = [
        d
        for d in dialogue.decisions.all()
        if d.outcome == Decision.Outcome.APPROVED and _POINT_ORDER.get(d.point, 99) < rank
    ]
    if earlier:
        latest = max(earlier, key=lambda d: (_POINT_ORDER[d.point], d.decided_on))
        if decided_on < latest.decided_on:
            problems.append(_earlier_decision_message(latest.point, decided_on, latest.decided_on))
    submitted = submitted_on(dialogue)
    if submitted and decided_on < submitted:
        problems.append(
            _(
                "The decision date %(date)s is before the dialogue was submitted to this "
                "decision point on %(submitted)s."
            )
            % {"date": _iso(decided_on), "submitted": _iso(submitted)}
        )
    return problems


def check_decision_date(dialogue, decided_on: date) -> None:
    """Refuse a decision date out of the process's order, as a field error of `decided_on`."""
    problems = decision_date_problems(dialogue, decided_on)
    if problems:
        raise ValidationError({"decided_on": problems})


def activity_problems(activity) -> dict[str, list[str]]:
    """By field: a cancelled activity needs its reason; a held one its date not in the future
    and not before the launch decision."""
    from .models import Activity, DecisionPoint

    problems: dict[str, list[str]] = {}
    if activity.status == Activity.Status.CANCELLED and not activity.cancel_reason.strip():
        problems["cancel_reason"] = [_("Give the reason why the activity was cancelled.")]
    if activity.status != Activity.Status.HELD or activity.starts_at is None:
        return problems
    held_on = timezone.localtime(activity.starts_at).date()
    today = timezone.localdate()
    if held_on > today:
        problems["status"] = [
            _(
                "The activity cannot be marked held: its date %(date)s is after today's date, "
                "%(today)s."
            )
            % {"date": _iso(held_on), "today": _iso(today)}
        ]
        return problems
    launch = (
        activity.dialogue.approved_decision(DecisionPoint.LAUNCH) if activity.dialogue_id else None
    )
    if launch is not None and held_on < launch.decided_on:
        problems["status"] = [
            _(
                "The activity cannot be marked held: its date %(date)s is before the launch "
                "decision of %(launch)s."
            )
            % {"date": _iso(held_on), "launch": _iso(launch.decided_on)}
        ]
    return problems

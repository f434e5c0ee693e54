"""Issue 16: who came to each held activity, per target group of the mandate (counts, never
names), and the activity's short evaluation [HAG][HAN]. Both under `dialog.evaluate_activities`
(the execution step, and corrections during the compilation; dialog/steps/execution.py), with
the dialogue's row locked before anything is checked (`access_dialogue`); history kept.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused  # noqa: F401
from core.people import person_label

from .. import reach
from ..models import Activity, ActivityEvaluation, ActivityReach
from .case import _check_version, access_dialogue
from .content import _gone

PERMISSION = "dialog.evaluate_activities"

# The version of an activity's counts when nobody has recorded any.
NOTHING_RECORDED = "none"


def reach_version(activity_id: int) -> str:
    """The version of an activity's recorded counts, as the reach form carries it: its latest
    row's `updated_at`, or NOTHING_RECORDED."""
    latest = ActivityReach.objects.filter(activity_id=activity_id).aggregate(at=Max("updated_at"))
    return latest["at"].isoformat() if latest["at"] else NOTHING_RECORDED


def _held_activity(dialogue, activity_id: int) -> Activity:
    activity = Activity.objects.filter(dialogue=dialogue, pk=activity_id).first()
    if activity is None:
        raise _gone()
    if activity.status != Activity.Status.HELD:
        raise ConditionsUnmet(
            _(
                "“%(activity)s” is not marked as held: who came and how it went are recorded "
                "for a held activity. Mark it held first."
            )
            % {"activity": activity.title}
        )
    return activity


def _check_reach_version(activity: Activity, expected_version: str | None) -> None:
    current = reach_version(activity.pk)
    if expected_version is None or expected_version == current:
        return
    latest = (
        ActivityReach.history.filter(activity_id=activity.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    name = person_label(latest.history_user if latest else None, nobody=_("Someone else"))
    saved = timezone.localtime(latest.history_date) if latest else timezone.localtime()
    values = {"name": name, "time": saved.strftime("%H:%M"), "date": saved.strftime("%Y-%m-%d")}
    if saved.date() == timezone.localdate():
        said = _("%(name)s saved changes at %(time)s while you were editing.") % values
    else:
        said = _("%(name)s saved changes on %(date)s at %(time)s while you were editing.") % values
    again = _("Your numbers are still below: compare them and save again.")
    raise Conflict(" ".join([said, str(again)]))


@transaction.atomic
def record_reach(
    *, dialogue_id: int, user, activity_id: int, counts: dict, expected_version: str | None = None
) -> list[ActivityReach]:
    """Record how many came to a held activity from each given target group (id -> count).

    Only the dialogue's included target groups can be counted; a count is a whole number, 0 or
    more. Groups not given keep what was recorded. `expected_version` is the version of the
    counts the form was opened on (`reach_version`): a save in between is refused as a
    conflict. Returns the activity's rows."""
    dialogue = access_dialogue(dialogue_id, user, PERMISSION)
    activity = _held_activity(dialogue, activity_id)
    _check_reach_version(activity, expected_version)
    groups = {g.pk: g for g in dialogue.target_groups.all() if g.included}
    errors = {}
    cleaned: dict[int, int] = {}
    for key, value in counts.items():
        group_id = int(key)
        field = f"group_{group_id}"
        if group_id not in groups:
            errors[field] = _("This target group is not one the mandate includes.")
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors[field] = _("The number cannot be negative.")
            continue
        cleaned[group_id] = value
    if errors:
        raise ValidationError(errors)
    existing = {
        r.target_group_id: r
        for r in ActivityReach.objects.select_for_update().filter(activity=activity)
    }
    for group_id, participants in cleaned.items():
        row = existing.get(group_id)
        if row is None:
            row = ActivityReach(activity=activity, target_group=groups[group_id])
        elif row.participants == participants:
            continue
        row.participants = participants
        row._history_user = user
        row.full_clean()
        row.save()
        existing[group_id] = row
    reach.forget(dialogue)
    return list(existing.values())


@transaction.atomic
def save_activity_evaluation(
    *, dialogue_id: int, user, activity_id: int, data: dict, expected_updated_at=None
) -> ActivityEvaluation:
    """Write or correct the short evaluation of a held activity: what worked (required), who
    came, what to change [HAG]. `expected_updated_at` is the version the form was opened on."""
    dialogue = access_dialogue(dialogue_id, user, PERMISSION)
    activity = _held_activity(dialogue, activity_id)
    evaluation = ActivityEvaluation.objects.select_for_update().filter(
        activity=activity
    ).first() or ActivityEvaluation(activity=activity, written_by=user)
    _check_version(evaluation, expected_updated_at)
    for name in ("what_worked", "who_came", "what_to_change"):
        if name in data:
            setattr(evaluation, name, (data[name] or "").strip())
    evaluation._history_user = user
    evaluation.full_clean()
    evaluation.save()
    reach.forget(dialogue)
    return evaluation

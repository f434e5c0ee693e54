"""The municipality's goals (issue 16): the register's services and reads.

Every change goes through a keyword-only function in one transaction, the goal's row locked
before anything is checked; `user=None` is the command line and the demo loader. A goal that a
dialogue or a steering document is linked to is not deleted (the links are records of what the
dialogue served): the refusal names them, and the goal can be given an end date instead.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions

from .models import DOCUMENT_HISTORY, Goal, SteeringDocument

GOAL_FIELDS = ["code", "title", "description", "owner_body", "period_start", "period_end", "source"]


def _require(user, permission: str, obj=None) -> None:
    if user is not None:
        permissions.require(user, permission, obj)


def _save(goal: Goal, *, user) -> Goal:
    if goal.period_start and goal.period_end and goal.period_end < goal.period_start:
        raise ValidationError(
            {
                "period_end": _("The period cannot end before it starts (%(start)s).")
                % {"start": goal.period_start.isoformat()}
            }
        )
    goal.full_clean()
    if user is not None and not permissions.can(user, "governance.change_goal", goal):
        # Giving a goal to a body one does not keep would hand it away unchecked.
        raise ValidationError(
            {
                "owner_body": _("You may not keep the goals of %(body)s.")
                % {"body": goal.owner_body.name}
            }
        )
    goal._history_user = user
    goal.save()
    return goal


@transaction.atomic
def create_goal(*, data: dict, user) -> Goal:
    _require(user, "governance.add_goal")
    goal = Goal()
    for name in GOAL_FIELDS:
        if name in data:
            setattr(goal, name, data[name])
    return _save(goal, user=user)


@transaction.atomic
def update_goal(*, goal_id: int, data: dict, user) -> Goal:
    goal = Goal.objects.select_for_update().get(pk=goal_id)
    _require(user, "governance.change_goal", goal)
    for name in GOAL_FIELDS:
        if name in data:
            setattr(goal, name, data[name])
    return _save(goal, user=user)


def delete_refusal(goal: Goal) -> str:
    """Why the goal cannot be deleted (it is linked), or "" when it can."""
    dialogues = goal.dialogues.count()
    documents = goal.steering_documents.count()
    if not dialogues and not documents:
        return ""
    return _(
        "The goal is linked to %(dialogues)s dialogues and %(documents)s steering documents, "
        "so it is kept. Give it an end date instead."
    ) % {"dialogues": dialogues, "documents": documents}


@transaction.atomic
def delete_goal(*, goal_id: int, user) -> None:
    goal = Goal.objects.select_for_update().get(pk=goal_id)
    _require(user, "governance.change_goal", goal)
    reason = delete_refusal(goal)
    if reason:
        raise ValidationError(reason, code="linked")
    goal._history_user = user
    goal.delete()


@transaction.atomic
def set_document_goals(*, document_id: int, goals, user) -> SteeringDocument:
    """Link the goals the steering document serves (replacing the earlier set); one history
    row of the document holds the new set."""
    document = SteeringDocument.objects.select_for_update().get(pk=document_id)
    _require(user, "governance.change_document", document)
    document._history_user = user
    document.skip_history_when_saving = True
    try:
        document.goals.set(list(goals))
    finally:
        del document.skip_history_when_saving
    DOCUMENT_HISTORY.create_historical_record(document, "~")
    return document


# -- Reads ----------------------------------------------------------------------------------


def current_q(on: date) -> Q:
    return Q(period_start__lte=on) & (Q(period_end__isnull=True) | Q(period_end__gte=on))


def overlapping_year_q(year: int) -> Q:
    return Q(period_start__lte=date(year, 12, 31)) & (
        Q(period_end__isnull=True) | Q(period_end__gte=date(year, 1, 1))
    )


def _count_of(through, column: str) -> Subquery:
    rows = (
        through.objects.filter(goal_id=OuterRef("pk"))
        .order_by()
        .values("goal_id")
        .annotate(n=Count(column))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def goal_list(*, body=None, period: str = "current", on: date | None = None) -> QuerySet[Goal]:
    """The register's rows with their owner and the number of links, one query whatever the
    number of goals. `period`: "current" (in force on `on`), "all", or a year ("2027")."""
    from .models import Goal as GoalModel

    goals = GoalModel.objects.select_related("owner_body").annotate(
        dialogue_count=_count_of(GoalModel.dialogues.through, "dialogue_id"),
        document_count=_count_of(GoalModel.steering_documents.through, "steeringdocument_id"),
    )
    if body is not None:
        goals = goals.filter(owner_body=body)
    if period == "current":
        goals = goals.filter(current_q(on or timezone.localdate()))
    elif str(period).isdigit():
        goals = goals.filter(overlapping_year_q(int(period)))
    return goals


def goal_detail(pk: int) -> Goal:
    """The goal with its linked dialogues and steering documents (reverse relations)."""
    return (
        Goal.objects.select_related("owner_body")
        .prefetch_related("steering_documents__type", "dialogues__body")
        .get(pk=pk)
    )


def goal_history(goal: Goal) -> list:
    return list(goal.history.select_related("history_user").order_by("-history_date")[:50])

"""Step 3, the plan: activities, the communication plan, planned decision points."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused  # noqa: F401
from roles.models import Membership

from ..models import (
    Activity,
    CommunicationItem,
    PlannedDecisionPoint,
)
from .case import (
    access_dialogue,
)
from .content import (
    _delete_item,
    _save_item,
)


def _check_activity_people(data: dict, politicians, activity_id=None) -> None:
    active = Membership.objects.active()
    errors = {}
    responsible = data.get("responsible")
    if responsible is not None and not active.officials().filter(person=responsible).exists():
        errors["responsible"] = _("The responsible person must be an official.")
    politician_ids = set(active.politicians().values_list("person_id", flat=True))
    if any(p.pk not in politician_ids for p in politicians):
        errors["politicians"] = _("Only politicians can be chosen as participating politicians.")
    method = data.get("method")
    if method is not None and not method.is_active:
        current = (
            Activity.objects.filter(pk=activity_id).values_list("method_id", flat=True).first()
        )
        if current != method.pk:
            errors["method"] = _("The method is no longer in the catalogue; choose another.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_activity(
    *, dialogue_id: int, user, data: dict, politicians=(), item_id=None, expected_updated_at=None
):
    """Add (no `item_id`) or change an activity; `politicians` replaces who takes part.

    A method that does not suit the participation level is allowed: the page warns
    (`Activity.method_warning`), the service does not refuse.
    """
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_activities")
    _check_activity_people(data, politicians, item_id)
    activity = _save_item(
        model=Activity,
        dialogue=dialogue,
        user=user,
        data=data,
        item_id=item_id,
        expected_updated_at=expected_updated_at,
    )
    activity.politicians.set(politicians)
    return activity


@transaction.atomic
def delete_activity(*, dialogue_id: int, user, item_id: int, reason: str) -> None:
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_activities")
    _delete_item(model=Activity, dialogue=dialogue, user=user, item_id=item_id, reason=reason)


@transaction.atomic
def save_communication_item(
    *, dialogue_id: int, user, data: dict, item_id=None, expected_updated_at=None
):
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_planning")
    return _save_item(
        model=CommunicationItem,
        dialogue=dialogue,
        user=user,
        data=data,
        item_id=item_id,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def delete_communication_item(*, dialogue_id: int, user, item_id: int, reason: str) -> None:
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_planning")
    _delete_item(
        model=CommunicationItem, dialogue=dialogue, user=user, item_id=item_id, reason=reason
    )


@transaction.atomic
def save_planned_decision_point(
    *, dialogue_id: int, user, data: dict, item_id=None, expected_updated_at=None
):
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_planning")
    point = data.get("point")
    if (
        point
        and PlannedDecisionPoint.objects.filter(dialogue=dialogue, point=point)
        .exclude(pk=item_id)
        .exists()
    ):
        raise ValidationError(
            {"point": _("This decision point is already planned; change its date instead.")}
        )
    return _save_item(
        model=PlannedDecisionPoint,
        dialogue=dialogue,
        user=user,
        data=data,
        item_id=item_id,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def delete_planned_decision_point(*, dialogue_id: int, user, item_id: int, reason: str) -> None:
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_planning")
    _delete_item(
        model=PlannedDecisionPoint, dialogue=dialogue, user=user, item_id=item_id, reason=reason
    )

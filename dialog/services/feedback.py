"""Step 7, the feedback to the politicians: the presentation, off-topic input forwarded."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused  # noqa: F401

from ..models import (
    Forwarding,
    InputItem,
    ResultsPresentation,
)
from .case import (
    access_dialogue,
)
from .content import (
    _gone,
    _update_record,
    withdraw,
)

# Step 7: the results presented to the politicians; off-topic input routed.


def update_presentation(
    *, dialogue_id: int, user, data: dict, expected_updated_at=None
) -> ResultsPresentation:
    presented_on = data.get("presented_on")
    if presented_on and presented_on > timezone.localdate():
        raise ValidationError(
            {"presented_on": _("Record the presentation once it has taken place.")}
        )
    return _update_record(
        model=ResultsPresentation,
        permission="dialog.edit_feedback",
        dialogue_id=dialogue_id,
        user=user,
        data=data,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def forward_input(*, dialogue_id: int, user, input_id: int, data: dict) -> Forwarding:
    """Record that an off-topic input was forwarded (to a body or the complaints handling) or
    handled otherwise, as the mandate said [SAN][HAG]."""
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_feedback")
    item = InputItem.objects.filter(dialogue=dialogue, pk=input_id).first()
    if item is None:
        raise _gone()
    if item.within_purpose:
        raise ValidationError(
            _("Only off-topic input is forwarded; this input is within the dialogue's purpose.")
        )
    forwarding = Forwarding(input_item=item, by=user, **data)
    if forwarding.forwarded_to != Forwarding.Target.BODY:
        forwarding.body = None
    if forwarding.forwarded_on and forwarding.forwarded_on > timezone.localdate():
        raise ValidationError({"forwarded_on": _("The date cannot be in the future.")})
    forwarding._history_user = user
    forwarding.full_clean(exclude=["input_item", "by"])
    forwarding.save()
    return forwarding


@transaction.atomic
def delete_forwarding(*, dialogue_id: int, user, item_id: int, reason: str) -> None:
    """Undo a forwarding recorded by mistake: withdrawn with the reason, never deleted."""
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_feedback")
    forwarding = Forwarding.objects.filter(input_item__dialogue=dialogue, pk=item_id).first()
    if forwarding is None:
        raise _gone()
    withdraw(forwarding, user=user, reason=reason)

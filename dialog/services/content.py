"""What every step's content service shares: items added, changed and removed one at a time,
and a step's one record (a summary, a presentation, ...) created or changed; each under the
step's permission with the dialogue's row locked (`access_dialogue`).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused  # noqa: F401

from ..models import Activity, InputItem, Theme
from ..steps.decision_followup import still_complete_errors
from .case import (
    _check_version,
    access_dialogue,
)

# -- Step content: planning and execution --------------------------------------------------
# Each list item of a step (an activity, a line of the communication plan, a planned decision
# point, an input) is saved or removed here, under the step's permission, with the dialogue's
# row locked so that a transition running at the same time cannot slip in between.


def _gone() -> Conflict:
    return Conflict(
        _("Someone else has removed it in the meantime. Nothing was changed; reload the page.")
    )


def _save_item(
    *, model, dialogue, user, data: dict, item_id=None, expected_updated_at=None, **fixed
):
    """Add (no `item_id`) or change an item; `expected_updated_at` is the version the form
    was opened on: a save in between is refused as a conflict, never overwritten."""
    if item_id is None:
        item = model(dialogue=dialogue, **fixed)
    else:
        item = model.objects.filter(dialogue=dialogue, pk=item_id).first()
        if item is None:
            raise _gone()
        _check_version(item, expected_updated_at)
    for name, value in data.items():
        setattr(item, name, value)
    item._history_user = user
    item.full_clean()
    item.save()
    return item


def withdraw(item, *, user, reason: str) -> None:
    """Mark `item` withdrawn by `user` for `reason` (issue 15): never deleted, it stays in the
    database and its history, and leaves the working lists, the counts and the PDFs (the
    models' default manager). The caller has locked the dialogue's row."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is withdrawn.")})
    _before_withdrawal(item, user)
    item.withdrawn_at = timezone.now()
    item.withdrawn_by = user
    item.withdrawal_reason = reason
    item._history_user = user
    item.save()


def _before_withdrawal(item, user) -> None:
    """What a deletion did to the records around the item, done with their history; or the
    refusal a deletion met (a forwarded input was protected by its forwarding)."""
    if isinstance(item, InputItem) and item.forwardings.exists():
        raise ConditionsUnmet(
            _(
                "It cannot be withdrawn: it has been forwarded. Withdraw the forwarding first "
                "(feedback step)."
            )
        )
    if isinstance(item, Activity):
        # Its inputs stay, no longer under the activity (as when activities were deleted).
        inputs = list(InputItem.objects.filter(activity=item))
        now = timezone.now()
        for input_item in inputs:
            input_item.activity = None
            input_item.updated_at = now
        if inputs:
            bulk_update_with_history(
                inputs, InputItem, ["activity", "updated_at"], default_user=user
            )
    if isinstance(item, Theme):
        # The inputs tagged to it lose the tag (as when themes were deleted); the counts follow.
        InputItem.themes.through.objects.filter(theme_id=item.pk).delete()


def _delete_item(*, model, dialogue, user, item_id, reason: str) -> None:
    """An item "removed" from a step's list: withdrawn with the reason, never deleted."""
    item = model.objects.filter(dialogue=dialogue, pk=item_id).first()
    if item is None:
        raise _gone()
    withdraw(item, user=user, reason=reason)


# -- Steps 6-9: compilation, feedback, processing and the follow-up of the decision ----------
# The step's permission is checked with the dialogue's row locked, as for planning and
# execution; what the next transition needs is listed by dialog.steps.<step>.missing.


def _update_record(
    *, model, permission: str, dialogue_id: int, user, data: dict, expected_updated_at=None
):
    """Create or change the dialogue's one record of `model` (a summary, a presentation, ...).

    `expected_updated_at` is the version the form was opened on: a save in between is refused
    as a conflict, never overwritten."""
    try:
        with transaction.atomic():
            dialogue = access_dialogue(dialogue_id, user, permission)
            record = model.objects.filter(dialogue=dialogue).first() or model(dialogue=dialogue)
            _check_version(record, expected_updated_at)
            # Fields set by their own service (a publication date, ...) are not editable.
            fixed = [n for n in data if not model._meta.get_field(n).editable]
            if fixed:
                raise ValueError(f"{model.__name__}: {', '.join(fixed)} has its own service")
            for name, value in data.items():
                setattr(record, name, value)
            record._history_user = user
            record.full_clean()
            _check_still_complete(record)
            record.save()
    except IntegrityError as exc:
        raise Conflict(
            _(
                "Someone else saved this at the same time and got there first. Nothing of yours "
                "was saved; reload the page and try again."
            )
        ) from exc
    return record


def _check_still_complete(record) -> None:
    """Published feedback and a finished evaluation may be corrected, not emptied."""
    errors = still_complete_errors(record)
    if errors:
        raise ValidationError(errors)

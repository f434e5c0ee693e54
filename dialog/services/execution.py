"""Step 5, the execution: inputs registered one by one or imported from a survey."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused  # noqa: F401

from .. import importers
from ..models import (
    Dialogue,
    ImportBatch,
    InputItem,
)
from .case import (
    _check,
    access_dialogue,
)
from .content import (
    _delete_item,
    _save_item,
)


@transaction.atomic
def save_input(
    *, dialogue_id: int, user, data: dict, item_id=None, expected_updated_at=None
) -> InputItem:
    """Register (no `item_id`) or correct one input of the dialogue."""
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_execution")
    if item_id is None:
        return _save_item(model=InputItem, dialogue=dialogue, user=user, data=data, created_by=user)
    return _save_item(
        model=InputItem,
        dialogue=dialogue,
        user=user,
        data=data,
        item_id=item_id,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def delete_input(*, dialogue_id: int, user, item_id: int) -> None:
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_execution")
    _delete_item(model=InputItem, dialogue=dialogue, user=user, item_id=item_id)


def preview_import(*, dialogue_id: int, user, raw_rows) -> "importers.CleanedRows":
    """What an import would register, and each bad row: reads only, saves nothing."""
    dialogue = Dialogue.objects.prefetch_related("assignments").get(pk=dialogue_id)
    _check(user, "dialog.edit_execution", dialogue)
    return importers.clean_rows(raw_rows)


@transaction.atomic
def import_inputs(*, dialogue_id: int, user, file_name: str, raw_rows) -> ImportBatch:
    """Register every row of a survey file, or none: one bad row refuses the whole import
    (ValidationError listing each bad row) and nothing is saved."""
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_execution")
    cleaned = importers.clean_rows(raw_rows)
    if cleaned.errors:
        raise ValidationError(cleaned.errors)
    if not cleaned.rows:
        raise ValidationError(_("The file has no rows below the column names."))
    batch = ImportBatch(
        dialogue=dialogue, file_name=file_name[:255], imported_by=user, row_count=len(cleaned.rows)
    )
    batch._history_user = user
    batch.save()
    items = []
    for values in cleaned.rows:
        item = InputItem(dialogue=dialogue, import_batch=batch, created_by=user, **values)
        item.full_clean(exclude=["dialogue", "import_batch", "created_by"])
        items.append(item)
    bulk_create_with_history(items, InputItem, default_user=user)
    return batch

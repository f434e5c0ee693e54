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


# Rows a single INSERT (and its history INSERT) carries: large enough that a 100,000-row file
# is 20 round trips, small enough that a batch's objects stay a few megabytes (bench/import_speed).
BATCH_SIZE = 5000


def preview_import(
    *, dialogue_id: int, user, raw_rows, keep: int | None = None
) -> "importers.CleanedRows":
    """What an import would register (the first `keep` rows, and how many), and each bad row:
    reads only, saves nothing, holds no more than it keeps."""
    dialogue = Dialogue.objects.prefetch_related("assignments").get(pk=dialogue_id)
    _check(user, "dialog.edit_execution", dialogue)
    return importers.clean_rows(raw_rows, keep=keep)


@transaction.atomic
def import_inputs(*, dialogue_id: int, user, file_name: str, raw_rows) -> ImportBatch:
    """Register every row of a survey file, or none: one bad row refuses the whole import
    (ValidationError listing each bad row) and nothing is saved.

    `raw_rows` may be a stream (`importers.iter_input_file`): rows are checked as they come
    and saved BATCH_SIZE at a time in this one transaction, so memory does not grow with the
    file; after the first bad row nothing more is saved and the rest is only checked.
    """
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_execution")
    batch = ImportBatch(dialogue=dialogue, file_name=file_name[:255], imported_by=user)
    batch._history_user = user
    batch.save()
    checked = importers.CleanedRows()
    pending = []
    for raw in raw_rows:
        values, errors = importers.clean_row(raw)
        if errors:
            checked.add_errors(errors)
            continue
        checked.count += 1
        if checked.error_count:
            continue
        # No full_clean: clean_row has checked every field it sets (choices, dates, lengths)
        # and the model's clean() only concerns an activity, which an import never sets.
        pending.append(InputItem(dialogue=dialogue, import_batch=batch, created_by=user, **values))
        if len(pending) >= BATCH_SIZE:
            bulk_create_with_history(pending, InputItem, batch_size=BATCH_SIZE, default_user=user)
            pending = []
    if checked.error_count:
        raise ValidationError(checked.messages())
    if not checked.count:
        raise ValidationError(_("The file has no rows below the column names."))
    if pending:
        bulk_create_with_history(pending, InputItem, batch_size=BATCH_SIZE, default_user=user)
    batch.row_count = checked.count
    batch.save(update_fields=["row_count"])
    return batch

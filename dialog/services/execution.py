"""Step 5, the execution: inputs registered one by one or imported from a survey."""

import operator

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
    today = timezone.localdate()
    for raw in raw_rows:
        values, errors = importers.clean_row(raw, today=today)
        if errors:
            checked.add_errors(errors)
            continue
        checked.count += 1
        if checked.error_count:
            continue
        # No full_clean: clean_row has checked every field it sets (choices, dates, lengths)
        # and the model's clean() only concerns an activity, which an import never sets.
        pending.append(values)
        if len(pending) >= BATCH_SIZE:
            _insert_inputs(pending, batch=batch, user=user)
            pending = []
    if checked.error_count:
        raise ValidationError(checked.messages())
    if not checked.count:
        raise ValidationError(_("The file has no rows below the column names."))
    if pending:
        _insert_inputs(pending, batch=batch, user=user)
    batch.row_count = checked.count
    batch.save(update_fields=["row_count"])
    return batch


def _insert_inputs(rows: list[dict], *, batch: ImportBatch, user) -> None:
    """Insert imported inputs and their history rows ("+", by `user`), as
    bulk_create_with_history does, but as plain tuples: COPY on PostgreSQL, executemany on
    SQLite. Building two model instances a row and compiling them held the import to about
    1,500 rows/s (bench/import_speed.py); the target is 10,000. The caller holds the dialogue's
    row lock in its transaction and has checked every value (`importers.clean_row`).

    Each tuple is the id, the row's own values (one itemgetter call) and the columns every row
    shares, made once; the two tables share the first two parts.
    """
    now = timezone.now()
    ids = _reserve_ids(InputItem, len(rows))
    common = {
        "dialogue_id": batch.dialogue_id,
        "activity_id": None,
        "import_batch_id": batch.pk,
        "created_by_id": user.pk,
        "created_at": now,
        "updated_at": now,
        "history_date": now,
        "history_change_reason": None,
        "history_type": "+",
        "history_user_id": user.pk,
    }
    own = [f.attname for f in InputItem._meta.concrete_fields if f.attname not in common]
    own.remove("id")
    # Plain fields (clean_row's), so an attribute name is the column's in both tables.
    own_columns = [InputItem._meta.get_field(name).column for name in own]
    values_of = operator.itemgetter(*own)
    heads = [(pk, *values_of(values)) for pk, values in zip(ids, rows, strict=True)]
    history = InputItem.history.model
    for model in (InputItem, history):
        shared = [
            f
            for f in model._meta.concrete_fields
            if f.attname in common and f.attname != "history_id"
        ]
        tail = tuple(f.get_db_prep_save(common[f.attname], connection) for f in shared)
        columns = ["id", *own_columns, *(f.column for f in shared)]
        _insert(model._meta.db_table, columns, [head + tail for head in heads])


def _reserve_ids(model, count: int) -> list[int]:
    """`count` new primary keys of `model`, taken before the rows are written."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the database's write lock from its start
        # (transaction_mode IMMEDIATE), so nobody else takes ids meanwhile. AUTOINCREMENT never
        # reuses an id, not even a deleted row's: start above sqlite_sequence too.
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 0))",
            [table],
        )
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + count + 1))


def _insert(table: str, columns: list[str], rows) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)

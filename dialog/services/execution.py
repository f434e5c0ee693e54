"""Step 5, the execution: inputs registered one by one or imported from a survey."""

import contextlib
import operator
import queue
import threading

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
def delete_input(*, dialogue_id: int, user, item_id: int, reason: str) -> None:
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_execution")
    _delete_item(model=InputItem, dialogue=dialogue, user=user, item_id=item_id, reason=reason)


# Rows written at a time (a COPY on PostgreSQL, an INSERT on SQLite): a 100,000-row file is 20
# batches, each a few megabytes of tuples (bench/import_speed.py).
BATCH_SIZE = 5000


def preview_import(
    *, dialogue_id: int, user, raw_rows, keep: int | None = None, into=None
) -> "importers.CleanedRows":
    """What an import would register (the first `keep` rows, and how many), and each bad row:
    saves nothing, holds no more than it keeps. With `into` (a binary file) every good row is
    written there as checked (`importers.CheckedRowsWriter`), for `import_inputs(checked=)`."""
    dialogue = Dialogue.objects.prefetch_related("assignments").get(pk=dialogue_id)
    _check(user, "dialog.edit_execution", dialogue)
    return importers.clean_rows(raw_rows, keep=keep, into=into)


@transaction.atomic
def import_inputs(
    *, dialogue_id: int, user, file_name: str, raw_rows=None, checked=None
) -> ImportBatch:
    """Register every row of a survey file, or none: one bad row refuses the whole import
    (ValidationError listing each bad row) and nothing is saved.

    Either `checked`, the checked rows a preview wrote (`preview_import(into=)`), which are
    only inserted: the file is not read again. Or `raw_rows`, possibly a stream
    (`importers.iter_input_file`): rows are checked as they come and written BATCH_SIZE at a
    time (`_input_writer`) in this one transaction, so memory does not grow with the file;
    after the first bad row nothing more is written and the rest is only checked.
    """
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_execution")
    batch = ImportBatch(dialogue=dialogue, file_name=file_name[:255], imported_by=user)
    batch._history_user = user
    batch.save()
    now = timezone.now()
    if checked is not None:
        count = _insert_checked(checked, batch=batch, user=user, now=now)
    else:
        count = _check_and_insert(raw_rows, batch=batch, user=user, now=now)
    if not count:
        raise ValidationError(_("The file has no rows below the column names."))
    batch.row_count = count
    batch.save(update_fields=["row_count"])
    return batch


def _check_and_insert(raw_rows, *, batch: ImportBatch, user, now) -> int:
    """Each raw row checked and, while none is bad, written; the rows written. A
    ValidationError listing the bad rows when there are any."""
    checked = importers.CleanedRows()
    today = timezone.localdate()
    clean_row = importers.clean_row
    with _input_writer(batch=batch, user=user, now=now) as write:
        for raw in raw_rows:
            values, errors = clean_row(raw, today=today)
            if errors:
                checked.add_errors(errors)
            else:
                checked.count += 1
                if not checked.error_count:
                    # No full_clean: clean_row has checked every field it sets (choices, dates,
                    # lengths) and the model's clean() only concerns an activity, which an
                    # import never sets.
                    write(values)
        # Raised inside the writer, so that it writes nothing more.
        if checked.error_count:
            raise ValidationError(checked.messages())
    return checked.count


def _insert_checked(file, *, batch: ImportBatch, user, now) -> int:
    """The preview's checked rows inserted as they are, with their history rows; how many.

    On PostgreSQL one COPY takes the file's lines with the shared columns appended
    (`importers.checked_blocks`: no row is parsed here), then one INSERT … SELECT makes the
    history rows; the foreign keys are checked at the commit, as deferred. Elsewhere the rows
    are read back (`importers.read_checked`) and inserted BATCH_SIZE at a time."""
    columns, shared = _input_columns(batch=batch, user=user, now=now, shared_only=True)
    quote = connection.ops.quote_name
    names = f"{quote(InputItem._meta.db_table)} ({', '.join(quote(c) for c in columns)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg import errors as psycopg_errors

            # The shared values are numbers and times: nothing in their text needs escaping.
            suffix = "".join(f"\t{value}" for value in shared).encode()
            count = 0
            try:
                with cursor.cursor.copy(f"COPY {names} FROM STDIN") as copy:
                    for block in importers.checked_blocks(file, suffix=suffix):
                        copy.write(block)
                        count += block.count(b"\n")
            except psycopg_errors.DataError as exc:  # a line PostgreSQL cannot read
                raise importers.damaged_checked_rows() from exc
        else:
            insert = f"INSERT INTO {names} VALUES ({', '.join(['%s'] * len(columns))})"
            count = 0
            rows = []
            for values in importers.read_checked(file):
                rows.append(values + shared)
                if len(rows) >= BATCH_SIZE:
                    _insert(cursor, insert, rows)
                    count += len(rows)
                    rows.clear()
            if rows:
                _insert(cursor, insert, rows)
                count += len(rows)
        if count:
            _insert_history(cursor, batch=batch, user=user, now=now)
    return count


def _input_columns(*, batch: ImportBatch, user, now, shared_only: bool = False):
    """The columns an import writes, and a function from `importers.clean_row`'s values to
    the row's tuple: the row's own values (one itemgetter call) and the columns every row
    shares, made once (with `shared_only`, those values instead of the function). Every
    other column (a withdrawal's, the id) takes its default."""
    shared = {
        "dialogue_id": batch.dialogue_id,
        "import_batch_id": batch.pk,
        "created_by_id": user.pk,
        "created_at": now,
        "updated_at": now,
    }
    own = list(importers.INPUT_FIELDS)
    fields = {f.attname: f for f in InputItem._meta.concrete_fields}
    tail = tuple(fields[name].get_db_prep_save(value, connection) for name, value in shared.items())
    columns = [fields[name].column for name in (*own, *shared)]
    if shared_only:
        return columns, tail
    values_of = operator.itemgetter(*own)

    def row(values: dict) -> tuple:
        return values_of(values) + tail

    return columns, row


@contextlib.contextmanager
def _input_writer(*, batch: ImportBatch, user, now):
    """A function that takes one checked row (`importers.clean_row`'s values) of the import.

    Tuples, not model instances: building two instances a row and compiling them held the
    import to about 1,500 rows/s (bench/import_speed.py); the target is 10,000. Rows go
    BATCH_SIZE at a time with their history rows (`_insert_history`). On PostgreSQL a thread
    writes each batch (a COPY, the history rows, the batch's foreign-key checks) while this
    one reads and checks the next, so the database works while the file is read, not after.
    The caller holds the dialogue's row lock in its transaction and has checked every value.
    An exception in the block writes nothing more (the caller's transaction rolls back).
    """
    columns, row = _input_columns(batch=batch, user=user, now=now)
    quote = connection.ops.quote_name
    names = f"{quote(InputItem._meta.db_table)} ({', '.join(quote(c) for c in columns)})"
    pending: list[tuple] = []
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        writer = _Background(_copier(connection.connection, names, batch=batch, user=user, now=now))
        send = writer.put
    else:
        writer = None
        insert = f"INSERT INTO {names} VALUES ({', '.join(['%s'] * len(columns))})"

        def send(rows):
            with connection.cursor() as cursor:
                _insert(cursor, insert, rows)

    def write(values: dict) -> None:
        pending.append(row(values))
        if len(pending) >= BATCH_SIZE:
            send(pending.copy())
            pending.clear()

    try:
        yield write
        if pending:
            send(pending)
    except BaseException:
        if writer is not None:
            writer.close(raise_error=False)  # the batch under way ends before the rollback
        raise
    if writer is not None:
        writer.close()  # the last batch written, or the writer's error raised
    else:
        with connection.cursor() as cursor:
            _insert_history(cursor, batch=batch, user=user, now=now)


def _insert(cursor, sql: str, rows: list[tuple]) -> None:
    cursor.executemany(sql, rows)


def _copier(pgconn, names: str, *, batch: ImportBatch, user, now):
    """What the PostgreSQL writer does with each batch, on the transaction's connection: COPY
    the rows, make their history rows, and check their foreign keys now rather than all at
    the commit (SET CONSTRAINTS … IMMEDIATE runs the checks waiting; the constraints are
    then deferred again, as they were made)."""
    cursor = pgconn.cursor()
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE contype = 'f' AND condeferrable "
        "AND condeferred AND conrelid IN (%s::regclass, %s::regclass) ORDER BY conname",
        [InputItem._meta.db_table, InputItem.history.model._meta.db_table],
    )
    constraints = ", ".join(connection.ops.quote_name(name) for (name,) in cursor.fetchall())
    after = 0  # the last id written so far: the ids a COPY takes are larger than earlier ones'

    def copy(rows: list[tuple]) -> None:
        nonlocal after
        with cursor.copy(f"COPY {names} FROM STDIN") as stream:
            write_row = stream.write_row
            for values in rows:
                write_row(values)
        after = _insert_history(cursor, batch=batch, user=user, now=now, after=after)
        if constraints:
            cursor.execute(f"SET CONSTRAINTS {constraints} IMMEDIATE")
            cursor.execute(f"SET CONSTRAINTS {constraints} DEFERRED")

    return copy


class _Background:
    """One worker thread doing `work` with each item put, in order, two items queued at most.
    Its first error stops the work (the items after it are dropped) and is raised by the next
    `put` or by `close`."""

    def __init__(self, work):
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self.thread.start()

    def _run(self, work) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is None:
                try:
                    work(item)
                except BaseException as exc:  # noqa: BLE001  (handed to the caller's thread)
                    self.error = exc

    def put(self, item) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(item)

    def close(self, *, raise_error: bool = True) -> None:
        self.queue.put(None)
        self.thread.join()
        if raise_error and self.error is not None:
            raise self.error


def _insert_history(cursor, *, batch: ImportBatch, user, now, after: int = 0) -> int:
    """The history rows ("+", by `user`, at `now`) of the batch's rows with ids above
    `after`, as bulk_create_with_history makes them, made by the database from the rows
    written: nothing read back or sent again. The largest id they have (PostgreSQL)."""
    history = InputItem.history.model
    own = {f.column for f in InputItem._meta.concrete_fields}
    given = {
        "history_date": now,
        "history_change_reason": None,
        "history_type": "+",
        "history_user_id": user.pk,
    }
    quote = connection.ops.quote_name
    columns, selected, params = [], [], []
    for field in history._meta.concrete_fields:
        if field.attname == "history_id":
            continue
        columns.append(quote(field.column))
        if field.column in own:
            selected.append(quote(field.column))
        else:
            value = given[field.attname] if field.attname in given else field.get_default()
            selected.append("%s")
            params.append(field.get_db_prep_save(value, connection))
    insert = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(selected)} FROM {quote(InputItem._meta.db_table)} "
        "WHERE import_batch_id = %s AND id > %s ORDER BY id"
    )
    params += [batch.pk, after]
    if connection.vendor != "postgresql":
        cursor.execute(insert, params)
        return after
    cursor.execute(f"WITH made AS ({insert} RETURNING id) SELECT MAX(id) FROM made", params)
    return cursor.fetchone()[0] or after

"""`python manage.py recount_inputs`: make the stored input counts again from the rows.

The counts (`dialog.models.counts.InputCount`) are kept by triggers in every write's own
transaction; this is for a database that has the inputs but not the counts or their triggers,
such as one migrated while the migration that brings them (dialog 0019) was still empty, or a
copy restored without its triggers. It creates what is missing (the table, the triggers, the
off-topic index) and recounts every dialogue, or only `--dialogue` ones, in one transaction.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from dialog.models.counts import (
    INPUTS,
    OFFTOPIC_INDEX,
    TRIGGERS,
    InputCount,
    install_sql,
    recount_sql,
)


def _installed(cursor) -> bool:
    """Whether every trigger that keeps the counts is there."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {name for name, *_rest in TRIGGERS} <= {row[0] for row in cursor.fetchall()}


class Command(BaseCommand):
    help = "Recount the stored input counts of every dialogue (or some) from the inputs."

    def add_arguments(self, parser):
        parser.add_argument("--dialogue", type=int, action="append", help="Only this dialogue.")

    def handle(self, *args, **options):
        if not install_sql(connection.vendor):
            raise CommandError(f"No triggers for the {connection.vendor} database.")
        ids = options["dialogue"]
        if InputCount._meta.db_table not in connection.introspection.table_names():
            with connection.schema_editor() as editor:
                editor.create_model(InputCount)
        with transaction.atomic(), connection.cursor() as cursor:
            # What exists is left alone (DDL waits for, or on PostgreSQL refuses, a table with
            # pending foreign-key checks); only the counts are made again.
            statements = [] if _installed(cursor) else install_sql(connection.vendor)
            if "inputitem_offtopic" not in connection.introspection.get_constraints(cursor, INPUTS):
                statements.append(OFFTOPIC_INDEX)
            for sql in [*statements, *recount_sql(connection.vendor, ids)]:
                cursor.execute(sql)
        counted = InputCount.objects.filter(theme_id=0, dimension="total")
        if ids:
            counted = counted.filter(dialogue_id__in=ids)
        self.stdout.write(
            f"Recounted the inputs of {counted.values('dialogue').distinct().count()} dialogue(s)."
        )

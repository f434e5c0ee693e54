"""`python manage.py recount_inputs`: make the stored input counts again from the rows.

The counts (`dialog.models.counts.InputCount`) are kept by triggers in every write's own
transaction; this is for a database that has the inputs but not the counts or their triggers,
such as one migrated while the migration that brings them (dialog 0019) was still empty, or a
copy restored without its triggers. It creates what is missing (the table, the triggers, the
off-topic index) and recounts every dialogue, or only `--dialogue` ones, in one transaction.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from dialog.models.counts import OFFTOPIC_INDEX, InputCount, install_sql, recount_sql


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
            for sql in [
                *install_sql(connection.vendor),
                OFFTOPIC_INDEX,
                *recount_sql(connection.vendor, ids),
            ]:
                cursor.execute(sql)
        counted = InputCount.objects.filter(theme_id=0, dimension="total")
        if ids:
            counted = counted.filter(dialogue_id__in=ids)
        self.stdout.write(
            f"Recounted the inputs of {counted.values('dialogue').distinct().count()} dialogue(s)."
        )

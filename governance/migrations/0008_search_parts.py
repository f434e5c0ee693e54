"""The register search at 10,000 documents (issue 11), part two, on PostgreSQL only.

What was left of a broad search's time (a word in every document) was reading the table: every
hit's row was fetched by governance_search_ids (0007), scanned for the title order and sorted,
and each row held its text compressed inline (about 1.6 KB a row: 2,000 pages for 10,000
documents, where the list needs a few hundred bytes of each).

- `toast_tuple_target = 1024`: a document of real length keeps its text and search vector out
  of line, so the rows the searches and the list read are small (a quarter of the pages). The
  rows already stored are rewritten once (an update recomputes the generated vectors and
  stores the row again under the new target), then the table is compacted (VACUUM FULL, a few
  seconds for 10,000 documents, the table locked meanwhile: hence not atomic).
- An index on (title, id), the register's order: the list and the search's second part (the
  hits that are not title hits, in the register's order) read only the rows of the page shown
  (governance.selectors.SearchResults).
SQLite has neither and keeps its word matching.
"""

from django.db import migrations

TABLE = "governance_steeringdocument"
INDEX = "governance_steeringdocument_title_id"
TARGET = 1024

REWRITE = f"UPDATE {TABLE} SET title = title WHERE pg_column_size({TABLE}.*) > {TARGET}"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = {TARGET})")
        cursor.execute(REWRITE)
        if cursor.rowcount:  # outside a transaction: the migration is not atomic
            cursor.execute(f"VACUUM (FULL, ANALYZE) {TABLE}")
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} (title, id)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        cursor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("governance", "0007_scale_search")]

    operations = [
        migrations.RunPython(forwards, backwards, atomic=False, elidable=False),
    ]

"""The input register's trigram index goes (docs/decisions/0003-import-and-search-indexes.md).

Migration 0011 indexed UPPER(dialog_inputitem.text) with pg_trgm for the register's icontains
search. Every imported row then writes a few hundred trigram entries: 100,000 rows took 91 s
with it and 2 s without (the same INSERT ... SELECT, PostgreSQL 15), so no import could reach
10,000 rows/s. The search it served always stays within one dialogue, which the dialogue_id
index finds; only a rare word in a dialogue of tens of thousands of views was faster with it.
"""

from django.db import migrations

INDEX = "inputitem_text_trgm"


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON dialog_inputitem "
        'USING gin ((UPPER("text"::text)) gin_trgm_ops)'
    )


class Migration(migrations.Migration):
    dependencies = [("dialog", "0019_scale_dialogue_page")]

    operations = [
        migrations.RunPython(drop_index, create_index, elidable=False),
    ]

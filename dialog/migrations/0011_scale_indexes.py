"""Indexes for the dialogue list at scale.

The list's order and the registration years: ordinary B-tree indexes on every database. The
`icontains` searches (the list's title, case number and question; the input register's text)
get trigram GIN indexes on PostgreSQL only. Django's icontains is `UPPER(col::text) LIKE
UPPER(...)` there, so the indexes are on that expression. SQLite keeps scanning, as before.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# (index name, table, column)
TRIGRAM_INDEXES = [
    ("dialogue_title_trgm", "dialog_dialogue", "title"),
    ("dialogue_case_number_trgm", "dialog_dialogue", "case_number"),
    ("dialogue_question_trgm", "dialog_dialogue", "question"),
    ("inputitem_text_trgm", "dialog_inputitem", "text"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0010_step_invariants"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dialogue",
            index=models.Index(fields=["-created_at", "-id"], name="dialogue_newest_first"),
        ),
        migrations.AddIndex(
            model_name="dialogue",
            index=models.Index(fields=["case_year"], name="dialogue_case_year"),
        ),
        # CREATE EXTENSION IF NOT EXISTS; does nothing on other databases. pg_trgm is a trusted
        # extension (PostgreSQL 13+), so the database's owner may create it.
        TrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]

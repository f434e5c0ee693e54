"""The register search at 10,000 documents (issue 11), part three, on PostgreSQL only.

A GIN index on `title_vector` (0007): the title hits of a search (the first part of its order,
governance.selectors.SearchResults) are read from the index instead of matching every row's
title vector, and together with the text's index (0005) a capped count of the hits is one
bitmap read only as far as its LIMIT. SQLite has neither and keeps its word matching.
"""

from django.db import migrations

TABLE = "governance_steeringdocument"
INDEX = "governance_steeringdocument_title_vector_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin (title_vector)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0012_follow_up_rhythm"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]

"""The register's stored search vector, on PostgreSQL only.

A generated column (to_tsvector with a regconfig is immutable), so that bulk inserts and imports
fill it without save(); a GIN index for the @@ match. The column is not in Django's model state:
SQLite has no such column and keeps its word matching (governance.selectors.search). The weights
are the ones the search computed on each query before: title and case number A, text C.
"""

from django.db import migrations

TABLE = "governance_steeringdocument"

FORWARDS = [
    f"""
    ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(case_number, '')), 'A')
        || setweight(to_tsvector('swedish'::regconfig, coalesce(text, '')), 'C')
    ) STORED
    """,
    f"CREATE INDEX {TABLE}_search_vector_gin ON {TABLE} USING gin (search_vector)",
]
BACKWARDS = [f"ALTER TABLE {TABLE} DROP COLUMN search_vector"]  # drops the index too


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0004_register"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARDS), _run(BACKWARDS), elidable=False),
    ]

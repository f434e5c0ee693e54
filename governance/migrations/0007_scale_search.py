"""The register search at 10,000 documents (issue 11), on PostgreSQL only.

Two things made a broad search (a word in every document) take 300 ms:
- The planner costs `search_vector @@ query` as one cheap operator and, when many rows match,
  scans the table rather than the GIN index; but every stored vector is several kilobytes in
  TOAST, so the scan unpacks all of them. `governance_search_ids` returns the matching ids with
  sequential scans disabled inside it, so the GIN index answers (a function with a SET clause is
  never inlined, and the setting ends with the call).
- Ranking every match with ts_rank unpacks every vector again. `title_vector` (title and case
  number, a few dozen bytes, stored in the row) puts title hits first without touching the text;
  the full rank is computed only when the matches are few (governance.selectors.search).
SQLite has neither and keeps its word matching.
"""

from django.db import migrations

TABLE = "governance_steeringdocument"

FORWARDS = [
    f"""
    ALTER TABLE {TABLE} ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(case_number, '')), 'A')
    ) STORED
    """,
    f"""
    CREATE OR REPLACE FUNCTION governance_search_ids(query tsquery) RETURNS SETOF bigint
    LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000
    SET enable_seqscan = off
    AS $$ SELECT id::bigint FROM {TABLE} WHERE search_vector @@ query $$
    """,
]
BACKWARDS = [
    "DROP FUNCTION IF EXISTS governance_search_ids(tsquery)",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS title_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("governance", "0006_delegation_order")]

    operations = [
        migrations.RunPython(_run(FORWARDS), _run(BACKWARDS), elidable=False),
    ]

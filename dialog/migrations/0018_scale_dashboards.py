"""The dashboards and the dialogue list at scale (issue 11): dialogues per state kept by triggers.

Every dashboard shows all dialogues by state, and the dialogue list how many there are (or how
many in one state). Counted on each request that is a read of every dialogue (100,000 at a
national service's size). On PostgreSQL a table of twelve rows, `dialog_statecount`, holds the
number per state; statement triggers on `dialog_dialogue` keep it as rows are inserted (COPY
included), moved between states, deleted or truncated, in the same transaction, so it is
exact. `dialog.selectors.state_totals` reads it. Deltas are applied in state order, so two
transactions moving dialogues never wait on each other's rows in opposite order.

No model: `dialog/models` is shared with other work, and the table is PostgreSQL's alone.
SQLite keeps counting (its databases are the small ones). Does nothing on other databases.

Also on PostgreSQL: exact statistics for the columns the dashboards find a user's dialogues by
(see STATISTICS).
"""

from django.db import migrations

CREATE = """
CREATE TABLE IF NOT EXISTS dialog_statecount (
    state varchar(40) PRIMARY KEY,
    n bigint NOT NULL
);

CREATE OR REPLACE FUNCTION dialog_statecount_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dialog_statecount AS c (state, n)
            SELECT state, count(*) FROM new_rows GROUP BY state ORDER BY state
            ON CONFLICT (state) DO UPDATE SET n = c.n + EXCLUDED.n;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dialog_statecount AS c (state, n)
            SELECT state, -count(*) FROM old_rows GROUP BY state ORDER BY state
            ON CONFLICT (state) DO UPDATE SET n = c.n + EXCLUDED.n;
    ELSE
        -- Only the states that gained or lost rows: an update that keeps the state (most do)
        -- writes and locks nothing.
        INSERT INTO dialog_statecount AS c (state, n)
            SELECT state, sum(delta) FROM (
                SELECT state, 1 AS delta FROM new_rows
                UNION ALL
                SELECT state, -1 FROM old_rows
            ) AS moved
            GROUP BY state HAVING sum(delta) <> 0 ORDER BY state
            ON CONFLICT (state) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dialog_statecount_clear() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM dialog_statecount;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS dialog_statecount_insert ON dialog_dialogue;
CREATE TRIGGER dialog_statecount_insert AFTER INSERT ON dialog_dialogue
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dialog_statecount_apply();
DROP TRIGGER IF EXISTS dialog_statecount_update ON dialog_dialogue;
CREATE TRIGGER dialog_statecount_update AFTER UPDATE ON dialog_dialogue
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dialog_statecount_apply();
DROP TRIGGER IF EXISTS dialog_statecount_delete ON dialog_dialogue;
CREATE TRIGGER dialog_statecount_delete AFTER DELETE ON dialog_dialogue
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dialog_statecount_apply();
-- Django's flush truncates the model tables (this one is none of them).
DROP TRIGGER IF EXISTS dialog_statecount_truncate ON dialog_dialogue;
CREATE TRIGGER dialog_statecount_truncate AFTER TRUNCATE ON dialog_dialogue
    FOR EACH STATEMENT EXECUTE FUNCTION dialog_statecount_clear();

-- What is there already. The table is locked so that no dialogue moves between the count and
-- the triggers taking over.
LOCK TABLE dialog_dialogue IN SHARE MODE;
DELETE FROM dialog_statecount;
INSERT INTO dialog_statecount (state, n)
    SELECT state, count(*) FROM dialog_dialogue GROUP BY state;
"""

# The dashboards find a user's dialogues by body and by responsible official. The bodies and the
# people differ in size by orders (a demo committee's handful of dialogues beside a national
# service's hundreds a body), and with the default sample PostgreSQL guesses every body alike:
# for a small one it then walks the whole table in key order to merge with a few planned
# decision points. A full list of the values (there are thousands, not millions) keeps the
# guesses exact. ANALYZE at once so that the plans change now, not at the next autovacuum.
STATISTICS = """
ALTER TABLE dialog_dialogue ALTER COLUMN body_id SET STATISTICS 2000;
ALTER TABLE dialog_dialogue ALTER COLUMN responsible_official_id SET STATISTICS 2000;
ANALYZE dialog_dialogue;
"""

DEFAULT_STATISTICS = """
ALTER TABLE dialog_dialogue ALTER COLUMN body_id SET STATISTICS -1;
ALTER TABLE dialog_dialogue ALTER COLUMN responsible_official_id SET STATISTICS -1;
"""

DROP = """
DROP TRIGGER IF EXISTS dialog_statecount_insert ON dialog_dialogue;
DROP TRIGGER IF EXISTS dialog_statecount_update ON dialog_dialogue;
DROP TRIGGER IF EXISTS dialog_statecount_delete ON dialog_dialogue;
DROP TRIGGER IF EXISTS dialog_statecount_truncate ON dialog_dialogue;
DROP FUNCTION IF EXISTS dialog_statecount_apply();
DROP FUNCTION IF EXISTS dialog_statecount_clear();
DROP TABLE IF EXISTS dialog_statecount;
"""


def create_state_counts(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute(STATISTICS)


def drop_state_counts(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(DEFAULT_STATISTICS)


class Migration(migrations.Migration):
    dependencies = [("dialog", "0017_diarium")]

    operations = [
        migrations.RunPython(create_state_counts, drop_state_counts, elidable=False),
    ]

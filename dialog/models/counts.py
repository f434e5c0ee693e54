"""Stored counts of a dialogue's inputs, kept by the database itself (issue 11).

The dialogue page and the PDFs show how many inputs a dialogue has: in all, within its purpose,
untagged, per age band, gender, area and channel, and the same per theme. Counted from the rows
on every request these cost as much as the inputs (50,000 in a national service); read from here
they cost as much as the themes and groups shown.

The counts are kept by triggers on the inputs and their theme tags, so they change in the same
transaction as every write, however it is made: a form, a survey import by COPY, `bulk_create`,
the scale generator, a theme removed (its tags go) or an activity removed (its inputs lose it).
PostgreSQL runs one statement-level trigger per statement (a 100,000-row COPY is counted in one
grouped upsert), SQLite one row-level trigger per row; the SQL below serves both. A tag row is
never updated (Django's many-to-many adds and removes rows), so tags count on INSERT and DELETE.

A count may fall to 0 and stay (a theme removed, an area corrected); readers skip zeros.

A withdrawn input (issue 15: withdrawn, never deleted) counts nothing: withdrawing it is an
update that takes away what it counted, as a removal did, and its tags count nothing while it is
withdrawn. The tables before migration 0022 have no withdrawal column: the SQL made for them
(`live=False`, what the earlier migrations install) counts every row.
"""

from django.db import models

from .dialogue import Dialogue

# theme_id of the counts over all the dialogue's inputs, tagged or not.
ALL_INPUTS = 0

# Counted over all inputs (theme 0) and per theme ...
TOTAL, AGE_BAND, GENDER, AREA = "total", "age_band", "gender", "area"
# ... and over all inputs only.
CHANNEL, UNTAGGED = "channel", "untagged"


class InputCount(models.Model):
    """How many of a dialogue's inputs, within its purpose or not, have `value` in `dimension`:
    over all its inputs (theme_id 0) or over those tagged to one theme.

    `channel` values are "<source>|<i if imported>|<activity id>"; `total` and `untagged` have
    the value "".
    """

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="+")
    # A plain number, not a key: 0 for all inputs (a key cannot be 0), and no cascade needed
    # when a theme goes, its counts having fallen to 0 with its tags.
    theme_id = models.BigIntegerField(default=ALL_INPUTS)
    dimension = models.CharField(max_length=16)
    value = models.CharField(max_length=200, blank=True)
    within_purpose = models.BooleanField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "theme_id", "dimension", "value", "within_purpose"],
                name="inputcount_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dialogue_id}/{self.theme_id} {self.dimension}={self.value!r}: {self.n}"


# -- The triggers' SQL --------------------------------------------------------------------------
# Written over a relation `r` of inputs (the rows a statement inserted or deleted: a transition
# table on PostgreSQL, NEW or OLD on SQLite) or `t` of tags (inputitem_id, theme_id).

INPUTS = "dialog_inputitem"
TAGS = "dialog_inputitem_themes"
COUNTS = "dialog_inputcount"
KEY = "dialogue_id, theme_id, dimension, value, within_purpose"
INPUT_COLUMNS = (
    "id",
    "dialogue_id",
    "within_purpose",
    "age_band",
    "gender",
    "area",
    "source",
    "import_batch_id",
    "activity_id",
)
TAG_COLUMNS = ("inputitem_id", "theme_id")
# The inputs not withdrawn (the column exists from migration 0022).
WITHDRAWN = "withdrawn_at"

# What an input is counted by (its id aside).
_GROUPED = [c for c in INPUT_COLUMNS if c != "id"]
_PER_THEME = {TOTAL: "''", AGE_BAND: "r.age_band", GENDER: "r.gender", AREA: "r.area"}
_CHANNEL = (
    "r.source || '|' || CASE WHEN r.import_batch_id IS NULL THEN '' ELSE 'i' END || '|' || "
    "COALESCE(CAST(r.activity_id AS TEXT), '')"
)


def _row(theme, dimension, value, n) -> str:
    """The SELECT list of one count of input `r`: each argument an SQL expression."""
    return (
        f"SELECT r.dialogue_id AS dialogue_id, {theme} AS theme_id, {dimension} AS dimension, "
        f"{value} AS value, r.within_purpose AS within_purpose, {n} AS n"
    )


def _spread(source: str, theme: str, pairs, sign: int, lateral: bool) -> list[str]:
    """A count of `sign` for each (dimension, value) of each row of `source` (which names the
    input `r`). On PostgreSQL the rows are first grouped on what is counted (a 100,000-row
    import has a few hundred kinds of rows) and each group spread by a LATERAL list; on SQLite,
    one row at a time, one SELECT a pair."""
    if lateral:
        grouped = ", ".join(f"r.{c}" for c in _GROUPED)
        keys = grouped if theme.isdigit() else f"{theme}, {grouped}"  # no GROUP BY a constant
        values = ", ".join(f"('{d}', {value})" for d, value in pairs)
        return [
            _row("r.theme", "v.dimension", "v.value", f"{sign} * r.k")
            + f" FROM (SELECT {theme} AS theme, {grouped}, COUNT(*) AS k FROM {source}"
            f" GROUP BY {keys}) r"
            f" CROSS JOIN LATERAL (VALUES {values}) AS v (dimension, value)"
        ]
    return [_row(theme, f"'{d}'", value, sign) + f" FROM {source}" for d, value in pairs]


def _live(live: bool) -> str:
    """The join condition that leaves withdrawn inputs `r` out."""
    return f" AND r.{WITHDRAWN} IS NULL" if live else ""


def of_inputs(rows: str, sign: int, *, lateral: bool = False, live: bool = True) -> list[str]:
    """What the inputs in `rows` count: over all inputs, untagged if they have no tag, and
    under each theme they are tagged to now. A withdrawn input counts nothing."""
    if live:
        rows = f"(SELECT * FROM {rows} w WHERE w.{WITHDRAWN} IS NULL)"
    everything = (*_PER_THEME.items(), (CHANNEL, _CHANNEL))
    parts = _spread(f"{rows} r", "0", everything, sign, lateral)
    parts.append(
        _row(0, f"'{UNTAGGED}'", "''", f"{sign} * COUNT(*)")
        + f" FROM {rows} r WHERE NOT EXISTS (SELECT 1 FROM {TAGS} x WHERE x.inputitem_id = r.id)"
        " GROUP BY r.dialogue_id, r.within_purpose"
    )
    tagged = f"{rows} r JOIN {TAGS} t ON t.inputitem_id = r.id"
    return parts + _spread(tagged, "t.theme_id", _PER_THEME.items(), sign, lateral)


def of_tags(tags: str, sign: int, *, lateral: bool = False, live: bool = True) -> list[str]:
    """What the tags in `tags` count under their themes, and the inputs they leave untagged
    (removed: no tag left) or no longer untagged (added: their only tags are the new ones).
    An input already gone, or withdrawn, counts nothing here: its own trigger counted its tags."""
    tagged = f"{tags} t JOIN {INPUTS} r ON r.id = t.inputitem_id{_live(live)}"
    parts = _spread(tagged, "t.theme_id", _PER_THEME.items(), sign, lateral)
    tags_now = f"(SELECT COUNT(*) FROM {TAGS} x WHERE x.inputitem_id = g.inputitem_id)"
    parts.append(
        _row(0, f"'{UNTAGGED}'", "''", f"{-sign} * COUNT(*)")
        + f" FROM (SELECT inputitem_id, COUNT(*) AS k FROM {tags} GROUP BY inputitem_id) g"
        f" JOIN {INPUTS} r ON r.id = g.inputitem_id{_live(live)}"
        + (f" WHERE {tags_now} = g.k" if sign > 0 else f" WHERE {tags_now} = 0")
        + " GROUP BY r.dialogue_id, r.within_purpose"
    )
    return parts


def upsert(parts: list[str], *, grouped: bool = True, counted_only: bool = False) -> str:
    """Add the parts' counts. Grouped (PostgreSQL): one row per key, as its upsert may touch a
    row only once, in key order, so that concurrent statements lock the rows in one order.
    SQLite adds one row after the other, a key twice included.

    `counted_only`: only for dialogues that already have counts. A dialogue's inputs were
    counted when they came in, so a removal always finds its dialogue's rows; when it does not,
    the counts table has been emptied first (a test database's flush, which deletes table after
    table): a row written then would outlive its dialogue and fail the foreign-key check."""
    union = "\n  UNION ALL ".join(parts)
    # "WHERE true": SQLite's upsert after a SELECT needs a WHERE to parse.
    where = "true"
    if counted_only:
        where = f"EXISTS (SELECT 1 FROM {COUNTS} k WHERE k.dialogue_id = c.dialogue_id)"
    select = f"SELECT {KEY}, n FROM (\n  {union}\n) AS c WHERE {where}"
    if grouped:
        select = (
            f"SELECT {KEY}, SUM(n) FROM (\n  {union}\n) AS c WHERE {where}\n"
            f"GROUP BY {KEY} HAVING SUM(n) <> 0 ORDER BY {KEY}"
        )
    return (
        f"INSERT INTO {COUNTS} ({KEY}, n)\n{select}\n"
        f"ON CONFLICT ({KEY}) DO UPDATE SET n = {COUNTS}.n + excluded.n"
    )


# (name, table, event, what the trigger counts given the relations of the rows the statement
# inserted and deleted)
TRIGGERS = (
    ("inputcount_inputs_inserted", INPUTS, "INSERT", lambda new, old, **o: of_inputs(new, 1, **o)),
    ("inputcount_inputs_deleted", INPUTS, "DELETE", lambda new, old, **o: of_inputs(old, -1, **o)),
    (
        "inputcount_inputs_updated",
        INPUTS,
        "UPDATE",
        lambda new, old, **o: of_inputs(old, -1, **o) + of_inputs(new, 1, **o),
    ),
    ("inputcount_tags_inserted", TAGS, "INSERT", lambda new, old, **o: of_tags(new, 1, **o)),
    ("inputcount_tags_deleted", TAGS, "DELETE", lambda new, old, **o: of_tags(old, -1, **o)),
)


def _postgresql(name, table, event, parts, live) -> list[str]:
    removal = event == "DELETE"
    transition = {
        "INSERT": "NEW TABLE AS inserted",
        "DELETE": "OLD TABLE AS deleted",
        "UPDATE": "OLD TABLE AS deleted NEW TABLE AS inserted",
    }[event]
    counts = upsert(parts("inserted", "deleted", lateral=True, live=live), counted_only=removal)
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{counts};\n"
        "RETURN NULL;\nEND $$",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transition} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def _sqlite(name, table, event, parts, live) -> list[str]:
    columns = TAG_COLUMNS
    if table == INPUTS:
        columns = (*INPUT_COLUMNS, WITHDRAWN) if live else INPUT_COLUMNS

    def row(of: str) -> str:
        return "(SELECT " + ", ".join(f"{of}.{c} AS {c}" for c in columns) + ")"

    # The statement's rows are the one row in NEW or OLD.
    body = upsert(
        parts(row("NEW"), row("OLD"), live=live), grouped=False, counted_only=event == "DELETE"
    )
    return [
        f"DROP TRIGGER IF EXISTS {name}",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN\n{body};\nEND",
    ]


def has_withdrawal(connection=None) -> bool:
    """Whether the inputs' table has the withdrawal column yet (from migration 0022): the
    earlier migrations build the triggers and the counts on a table without it."""
    from django.db import connection as default

    connection = connection or default
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, INPUTS)
    return any(c.name == WITHDRAWN for c in columns)


def install_sql(vendor: str, *, live: bool | None = None) -> list[str]:
    """The statements that (re)create the triggers on this database (none elsewhere).
    `live`: leave withdrawn inputs out (None: if the table has the column)."""
    make = {"postgresql": _postgresql, "sqlite": _sqlite}.get(vendor)
    if make is None:
        return []
    if live is None:
        live = has_withdrawal()
    return [sql for trigger in TRIGGERS for sql in make(*trigger, live)]


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            sql
            for name, table, _event, _parts in TRIGGERS
            for sql in (
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"DROP FUNCTION IF EXISTS {name}()",
            )
        ]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name, *_rest in TRIGGERS]
    return []


# The off-topic inputs (a few of a dialogue's) found without reading the others: the feedback
# panel's and the dialogue report's forwarded counts. A partial index, on PostgreSQL and SQLite.
OFFTOPIC_INDEX = (
    f"CREATE INDEX IF NOT EXISTS inputitem_offtopic ON {INPUTS} (dialogue_id) "
    "WHERE NOT within_purpose"
)


def recount_sql(vendor: str, dialogue_ids=None, *, live: bool | None = None) -> list[str]:
    """Every count of the dialogues (all, or those of `dialogue_ids`) made again from the rows:
    what the migration fills the table with, and a repair. The triggers then keep them.
    `live`: leave withdrawn inputs out (None: if the table has the column)."""
    if live is None:
        live = has_withdrawal()
    where = ""
    if dialogue_ids is not None:
        where = "WHERE dialogue_id IN (" + ", ".join(str(int(pk)) for pk in dialogue_ids) + ")"
    return [
        f"DELETE FROM {COUNTS} {where}",
        upsert(
            of_inputs(
                f"(SELECT * FROM {INPUTS} {where})", 1, lateral=vendor == "postgresql", live=live
            )
        ),
    ]

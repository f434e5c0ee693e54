"""Backup and restore (issue 15, item 6; docs/backup-and-restore.md): a `dumpdata` (XML) of the
demo, with a PDF rendered and stored, loaded into an empty database migrated from scratch, gives
back every dialogue, decision, report with its checksum (and the file, copied with the media
folder, still matching it), every history row, and input counts (made again by the database's
triggers as the inputs are loaded) equal to a full recount.

The empty database is another process's: a SQLite file in tmp_path, or on PostgreSQL a database
of this test's own (`pubb_restore`, with the xdist worker's suffix), created and dropped here. The
dump is made inside the test's transaction, as `manage.py dumpdata` would see the committed rows.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from dialog.models import Decision, Dialogue, State
from reports import services
from reports.models import Report

ROOT = Path(__file__).resolve().parent.parent

# What is compared, computed the same way in this process and in the restored database's.
SNAPSHOT = r"""
import hashlib, json
from pathlib import Path
from django.apps import apps
from django.conf import settings
from dialog.models import Decision, Dialogue
from dialog.models.counts import InputCount
from reports.models import Report


def _digest(rows):
    return hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()


def snapshot():
    out = {
        "dialogues": [
            list(row)
            for row in Dialogue.objects.order_by("pk").values_list(
                "pk", "case_number", "title", "state", "body_id", "responsible_official_id"
            )
        ],
        "decisions": [
            list(row)
            for row in Decision.objects.order_by("pk").values_list(
                "pk", "dialogue_id", "point", "decided_on", "paragraph", "text"
            )
        ],
        "reports": [
            list(row)
            for row in Report.objects.order_by("pk").values_list(
                "pk", "kind", "subject", "version", "status", "sha256", "size", "file"
            )
        ],
        "report_files": {
            str(pk): hashlib.sha256((Path(settings.MEDIA_ROOT) / name).read_bytes()).hexdigest()
            for pk, name in Report.objects.exclude(file="").values_list("pk", "file")
        },
        "input_counts": _digest(
            sorted(
                InputCount.objects.filter(n__gt=0).values_list(
                    "dialogue_id", "theme_id", "dimension", "value", "within_purpose", "n"
                )
            )
        ),
        "history": {},
    }
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and hasattr(model, "history_id"):
            # Every row whole: who, when, what kind of change, and every field's value.
            rows = [list(row) for row in model.objects.order_by("pk").values_list()]
            out["history"][model._meta.label] = [len(rows), _digest(rows)]
    return json.loads(json.dumps(out, default=str))
"""

# What a restore leaves out, because `migrate` makes it or the database keeps it itself:
# content types and permissions (made by migrate, referred to by natural keys), the sessions,
# and the input counts (rebuilt by their triggers as the inputs are loaded).
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "dialog.InputCount"]


# loaddata with simple-history switched off: the loader sets each many-to-many field after its row,
# and simple-history would record every such set as a new change (with ids the dump's own history
# rows then overwrite). docs/backup-and-restore.md gives the same command.
LOAD = (
    "from django.core.management import call_command; "
    "from django.test.utils import override_settings; "
    "override_settings(SIMPLE_HISTORY_ENABLED=False).enable(); "
    "call_command('loaddata', {path!r}, verbosity=0)"
)


def _snapshot() -> dict:
    namespace: dict = {}
    exec(SNAPSHOT, namespace)
    return namespace["snapshot"]()


def _postgres_url(name: str) -> str:
    from urllib.parse import quote

    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


@pytest.fixture
def empty_database(tmp_path):
    """The URL of an empty database, not yet migrated; dropped afterwards on PostgreSQL."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    name = "pubb_restore" + (
        f"_{os.environ['PYTEST_XDIST_WORKER']}" if os.environ.get("PYTEST_XDIST_WORKER") else ""
    )
    server = _postgres_url("postgres")
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _postgres_url(name)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"manage.py {args[0]}:\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture
def media(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_dump_of_the_demo_restores_every_record(demo, media, empty_database, tmp_path):
    # A PDF of the closed demo dialogue, rendered and stored with its checksum.
    closed = Dialogue.objects.filter(state=State.CLOSED).order_by("pk").first()
    report = services.request_report(
        user=closed.responsible_official, kind=Report.Kind.DIALOGUE_REPORT, dialogue_id=closed.pk
    )
    assert report.status == Report.Status.DONE and len(report.sha256) == 64
    before = _snapshot()
    assert len(before["dialogues"]) >= 3 and before["decisions"] and before["reports"]
    assert sum(count for count, _digest in before["history"].values()) > 0
    assert before["report_files"][str(report.pk)] == report.sha256

    # The backup: the rows (dumpdata) and the media folder.
    # XML: Django's JSON serialiser cuts the microseconds off every time (the history's order
    # within a millisecond would be lost); the XML serialiser keeps them.
    dump = tmp_path / "backup.xml"
    call_command(
        "dumpdata",
        format="xml",
        natural_foreign=True,
        exclude=EXCLUDE,
        output=str(dump),
        verbosity=0,
    )
    restored_media = tmp_path / "restored-media"
    shutil.copytree(media, restored_media)

    # The restore: an empty database migrated from scratch, then the rows loaded.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_ALLOW"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=empty_database,
        MEDIA_ROOT=str(restored_media),
        LOG_LEVEL="WARNING",
        PYTHONWARNINGS="ignore",
    )
    _run(env, "migrate", "--noinput", "-v0")
    _run(env, "shell", "-c", LOAD.format(path=str(dump)))
    printed = _run(env, "shell", "-c", SNAPSHOT + "\nprint(json.dumps(snapshot()))")
    after = json.loads(printed.strip().splitlines()[-1])

    assert after["dialogues"] == before["dialogues"]
    assert after["decisions"] == before["decisions"]
    assert after["reports"] == before["reports"]
    assert after["report_files"] == before["report_files"]
    assert after["history"] == before["history"]
    # The input counts, left out of the dump, were made by the triggers as the inputs were loaded:
    # the same as counting every row again.
    _run(env, "recount_inputs")
    printed = _run(env, "shell", "-c", SNAPSHOT + "\nprint(json.dumps(snapshot()))")
    recounted = json.loads(printed.strip().splitlines()[-1])
    assert recounted["input_counts"] == after["input_counts"]
    assert Decision.objects.count() == len(after["decisions"])

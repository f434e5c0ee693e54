"""SQLite shared by the web server and the task worker: no "database is locked".

A real `manage.py db_worker` polls a file database (WAL, as the settings open it) while eight
threads in another process save the initiative and the mandate. Before the settings opened
SQLite with IMMEDIATE transactions, a save that read first and then wrote failed at once with
"database is locked" whenever the worker held the write lock.
"""

import sqlite3
import sys

from tests.live_processes import file_db, migrated_sqlite, run_script, start, stop

__all__ = ["file_db", "migrated_sqlite"]  # fixtures


def test_the_database_file_is_in_wal_mode(file_db):
    with sqlite3.connect(file_db.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_eight_threads_save_while_the_worker_polls_without_a_lock_error(file_db):
    worker = start(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.01", "--no-reload"],
        file_db.env,
        file_db.logs / "worker.log",
    )
    try:
        result = run_script(file_db.env, "tests.live_writers", "8", "25", timeout=400)
    finally:
        stop(worker)
    log = (file_db.logs / "worker.log").read_text()
    assert result["errors"] == [], result["errors"][:5]
    assert result["saves"] == 8 * 25 * 2
    # The worker really worked meanwhile: it took and finished every task the threads queued.
    assert result["tasks"] and result["finished"] == result["tasks"], log[-2000:]
    assert "database is locked" not in log

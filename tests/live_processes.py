"""Real processes (the task worker, the web server from the Procfile) against a file SQLite
database, as `make run` runs them.

pytest-django's test database is in memory: neither shared with another process nor in WAL mode.
These helpers migrate a file database once per session, copy it for each test, and start the
processes with DATABASE_URL pointing at the copy. Skipped under PostgreSQL (the settings under
test are SQLite's).
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))


def process_env(db_path: Path, media_root: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_ALLOW"))}
    env.update(
        DATABASE_URL=f"sqlite:///{db_path}",
        MEDIA_ROOT=str(media_root),
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def manage(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def run_script(env: dict, module: str, *args: str, timeout: float = 300) -> dict:
    """Run `python -m module args` against the database; it prints one JSON object last."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A process in its own session, so that stopping it stops its children too."""
    handle = log.open("w")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen, sig=signal.SIGINT) -> None:
    """Ctrl-C, as at a terminal; killed if it has not ended within 15 s."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited early:\n{log.read_text()[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}:\n{log.read_text()[-3000:]}")


@dataclass
class FileDatabase:
    path: Path
    media: Path
    env: dict
    logs: Path


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    if on_postgres():
        pytest.skip("SQLite's concurrency settings under test; this run uses PostgreSQL")
    folder = tmp_path_factory.mktemp("sqlite-template")
    path = folder / "template.sqlite3"
    manage(process_env(path, folder / "media"), "migrate", "--noinput")
    return path


@pytest.fixture
def file_db(migrated_sqlite, tmp_path) -> FileDatabase:
    path = tmp_path / "db.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{migrated_sqlite}{suffix}")
        if source.exists():
            shutil.copy(source, f"{path}{suffix}")
    media = tmp_path / "media"
    logs = tmp_path / "logs"
    logs.mkdir()
    return FileDatabase(path=path, media=media, env=process_env(path, media), logs=logs)

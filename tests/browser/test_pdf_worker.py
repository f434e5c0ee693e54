"""The decision basis PDF is made by the real worker under `make run`'s process set-up.

honcho runs the Procfile (web server, task worker, scheduler) against a file SQLite database, as
`make run` does; Chromium logs in as the clerk, asks for the decision basis, watches the row
until it is ready and downloads the PDF. One Ctrl-C to honcho then stops every process.
"""

import io
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.live_processes import (
    ROOT,
    file_db,
    free_port,
    migrated_sqlite,
    run_script,
    start,
    stop,
    wait_for_port,
)

__all__ = ["file_db", "migrated_sqlite"]  # fixtures

pytestmark = pytest.mark.browser

HONCHO = Path(sys.executable).with_name("honcho")


def processes_on(database_url: str) -> list[int]:
    """The pids of every process started with this DATABASE_URL (so: ours, and only ours)."""
    needle = f"DATABASE_URL={database_url}".encode() + b"\0"
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes() + b"\0":
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_a_requested_decision_basis_is_made_by_the_worker_and_downloaded(browser, file_db):
    seed = run_script(file_db.env, "tests.live_seed")
    port = free_port()
    log = file_db.logs / "honcho.log"
    honcho = start(
        [str(HONCHO), "start", "-f", str(ROOT / "Procfile"), "-p", str(port)],
        # No reloading: other code changing on this machine must not restart the processes.
        {**file_db.env, "HOST": "127.0.0.1", "NORELOAD": "1", "LOG_LEVEL": "INFO"},
        log,
    )
    try:
        wait_for_port(port, honcho, log)
        context = browser.new_context(base_url=f"http://127.0.0.1:{port}", locale="sv-SE")
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto("/logga-in/")
        page.fill("input[name=username]", seed["clerk"])
        page.fill("input[name=password]", seed["password"])
        page.click("main form[action='/logga-in/'] button[type=submit]")
        page.wait_for_url(lambda url: "/logga-in/" not in url)

        page.goto(f"/rapporter/dialoger/{seed['dialogue']}/")
        page.click("form:has(input[value=decision-basis]):has(input[value=final]) button")
        row = page.locator("tr.report").first
        # Queued, then being made by the worker; the row polls itself until the file is there.
        link = row.locator("a[href$='/ladda-ned/']")
        link.wait_for(state="visible", timeout=90_000)
        assert "report--done" in row.get_attribute("class")
        with page.expect_download() as download:
            link.click()
        data = Path(download.value.path()).read_bytes()
        context.close()
    finally:
        stop(honcho)
    assert data.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert seed["case_number"] in text and "1. att förbättra belysningen" in text
    output = log.read_text()
    assert "Starting worker" in output and "Scheduled fail_stuck_reports" in output
    # One Ctrl-C stopped them all: web server, worker and scheduler.
    assert honcho.returncode is not None
    deadline = time.monotonic() + 10
    while processes_on(file_db.env["DATABASE_URL"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = processes_on(file_db.env["DATABASE_URL"])
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], output[-2000:]

"""Screenshots of the dialogue page at 1366 and 320 px (issue 14), for a reviewer who does not run
the service: `make screenshots` writes docs/screenshots/dialogue-1366.png and dialogue-320.png.

The demo is loaded into a temporary SQLite database, the development server runs on
SCREENSHOT_PORT (8770 by default) for the time it takes, and Chromium (Playwright with
/usr/bin/chromium) logs in as the dialogue's responsible official. Nothing else is touched.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PORT = int(os.environ.get("SCREENSHOT_PORT", "8770"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "demo1234"  # load_demo's DEMO_PASSWORD
WIDTHS = (1366, 320)

# The dialogue with the most history among those still running, and its responsible official.
PICK = """
import json
from django.db.models import Count
from dialog.models import ACTIVE_STATES, Dialogue
d = (Dialogue.objects.filter(state__in=ACTIVE_STATES)
     .annotate(n=Count("transitions")).order_by("-n", "pk").first())
print(json.dumps({"pk": d.pk, "username": d.responsible_official.username, "title": d.title}))
"""


def manage(env, *args) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"The development server did not answer on port {port}.")


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="delaktig-screenshots-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'demo.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    server = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo", "--force")
        chosen = json.loads(manage(env, "shell", "-c", PICK).strip().splitlines()[-1])
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(PORT)
        base = f"http://127.0.0.1:{PORT}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            context = browser.new_context(base_url=base, locale="sv-SE")
            page = context.new_page()
            page.goto("/logga-in/")
            page.fill("input[name=username]", chosen["username"])
            page.fill("input[name=password]", PASSWORD)
            page.click("main form[action='/logga-in/'] button[type=submit]")
            page.wait_for_load_state("networkidle")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(f"/dialoger/{chosen['pk']}/")
                page.wait_for_load_state("networkidle")
                target = OUT / f"dialogue-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"{target.relative_to(ROOT)}: “{chosen['title']}” as {chosen['username']}")
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

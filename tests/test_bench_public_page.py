"""bench/public_page.py (issue 13's speed target): the script runs end to end in its quick mode
and prints its table; its verdict on made-up numbers. No timing is asserted here: `make bench`
measures."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.live_processes import on_postgres

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "public_page.py"

spec = importlib.util.spec_from_file_location("bench_public_page", SCRIPT)
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_verdict_is_the_median_of_the_rounds_ratios():
    lines = bench.table([120.0, 90.0, 100.0], [100.0, 100.0, 80.0])
    assert lines[-1].endswith("target met: yes")
    assert "1.20" in lines[-1]
    assert bench.table([90.0, 95.0], [100.0, 100.0])[-1].endswith("target met: no")


@pytest.mark.skipif(
    on_postgres(), reason="the script builds its own SQLite demo: the backend under test is unused"
)
def test_quick_run_prints_the_table(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["TMPDIR"] = str(tmp_path)  # the script's temporary folder, removed by it when done
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    print(done.stdout)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    out = done.stdout
    assert "published dialogues; measuring the page of dialogue" in out
    assert "gunicorn -w 2 (sync), DEBUG off" in out
    rounds = [line for line in out.splitlines() if line[:1].isdigit() and line.endswith("×")]
    assert len(rounds) == 2
    for line in rounds:
        page, bare = (float(value) for value in line.split()[1:3])
        assert page > 0 and bare > 0
    assert "target met: " in out.splitlines()[-1]
    assert list(tmp_path.iterdir()) == []  # the demo database and the static files are gone

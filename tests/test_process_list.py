"""`make run` and production run one process list: the Procfile (web, worker, scheduler)."""

import re

from honcho.environ import parse_procfile

from tests.live_processes import ROOT


def test_the_procfile_runs_the_web_server_the_worker_and_the_scheduler():
    processes = parse_procfile((ROOT / "Procfile").read_text()).processes
    assert list(processes) == ["web", "worker", "scheduler"]
    assert "manage.py runserver" in processes["web"]
    assert "manage.py db_worker" in processes["worker"]
    assert "manage.py run_scheduler" in processes["scheduler"]


def test_make_run_migrates_loads_the_demo_then_starts_the_procfile():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^run: .*?\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    steps = [line.strip() for line in recipe.splitlines()]
    assert "manage.py migrate" in steps[0] and "manage.py load_demo" in steps[1]
    assert "honcho start -f Procfile" in steps[-1]


def test_the_readme_production_list_has_the_same_processes():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("```Procfile", 1)[1].split("```", 1)[0]
    production = parse_procfile(block).processes
    assert list(production) == ["web", "worker", "scheduler"]
    assert "gunicorn config.wsgi" in production["web"]
    assert "manage.py db_worker" in production["worker"]
    assert "manage.py run_scheduler" in production["scheduler"]

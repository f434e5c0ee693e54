"""How fast and how lightly a 100,000-row survey file is previewed and imported (issue 11:
10,000 rows/s or more, peak memory under 200 MB).

Run with `make bench`, or `python bench/import_speed.py [--rows N] [--repeat N] [--fresh]
[--no-sqlite] [--files DIR]` (`--fresh` drops and creates DATABASE_URL's database first, as a
kept one may have recorded a migration that changed since; `--files` keeps the built files).
Builds a CSV and an XLSX of N rows (default settings.INPUT_IMPORT_MAX_ROWS) with survey-like
texts, then runs, each in a fresh process: the preview (the first 20 rows kept, every row
checked and counted) and the import (every row checked and saved with its history row, in one
transaction), as the pages do, from the file on disk. The import's time runs from the parse to
the commit: what the official waits for after confirming. Peak memory is the process's peak RSS
(ru_maxrss), Django loaded; "base" is the RSS before the step. On a throwaway SQLite database
(unless --no-sqlite), and on PostgreSQL too when DATABASE_URL points there (a database of that
name is created if missing and migrated). The summary gives each import's best and median of
the runs and whether the target is met.

Besides the wall-clock time, "cpu s" is the CPU time the step took in this process and, on a
local PostgreSQL, in its server process ("db s", from /proc): on a machine busy with other work
the wall clock mostly measures the others (the load average is printed), and "rows/cpu-s" is
the speed an idle machine would approach (less the overlap of the two processes).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TARGET_ROWS_PER_SECOND = 10_000
TARGET_MB = 200
WORDS = [
    "bänkar",
    "torget",
    "belysning",
    "gångvägen",
    "snöröjning",
    "lekplatsen",
    "bussen",
    "cykelbanan",
    "parken",
    "biblioteket",
    "ungdomar",
    "äldre",
    "trygghet",
    "kvällar",
    "skolan",
    "förskolan",
    "grönytor",
    "parkering",
    "buller",
    "återvinning",
    "badplatsen",
    "idrottshallen",
    "mötesplats",
    "öppettider",
    "tillgänglighet",
    "rullstol",
]
AGES = ("13-17", "18–24", "25-44", "45-64", "65-79", "80+", "")
GENDERS = ("kvinna", "man", "annat", "vill ej uppge", "")
AREAS = ("Centrum", "Norrby", "Söderåsen", "Västra hamnen", "")
HEADER = ["Synpunkt", "Datum", "Ålder", "Kön", "Område", "Inom syftet", "Källa"]


def rows(count: int):
    start = date.today() - timedelta(days=400)
    for n in range(count):
        length = 12 + n % 40  # 12-51 words: about 100-400 characters
        text = " ".join(WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(length))
        yield [
            f"Synpunkt {n + 1}: {text}.",
            (start + timedelta(days=n % 365)).isoformat(),
            AGES[n % len(AGES)],
            GENDERS[n % len(GENDERS)],
            AREAS[n % len(AREAS)],
            "nej" if n % 11 == 0 else "ja",
            "enkät",
        ]


def build_files(count: int, folder: Path) -> dict[str, Path]:
    import csv

    from openpyxl import Workbook

    paths = {"csv": folder / f"enkat-{count}.csv", "xlsx": folder / f"enkat-{count}.xlsx"}
    with paths["csv"].open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows(count))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in rows(count):
        sheet.append(row)
    workbook.save(paths["xlsx"])
    return paths


# -- In the child processes ------------------------------------------------------------------


def child_setup() -> None:
    import django

    django.setup()
    import itertools

    from django.contrib.auth import get_user_model

    from dialog.models import State
    from tests import factories
    from tests.factories import Cast, make_dialogue, put_in_state

    # A database kept between runs (PostgreSQL) already has the factories' first user names.
    factories._counter = itertools.count(get_user_model().objects.count() + 1000)
    factories._case_numbers = itertools.count(int(time.time()) % 100_000)
    cast = Cast(code=f"B{os.getpid()}")
    dialogue = put_in_state(make_dialogue(cast), State.EXECUTION)
    print(json.dumps({"dialogue": dialogue.pk, "user": cast.official.pk}))


def child_step(step: str, path: str, dialogue_id: int, user_id: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from dialog import importers, services
    from dialog.models import InputItem

    user = get_user_model().objects.get(pk=user_id)
    kind = importers.file_kind(path)
    server = server_cpu()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, cpu, db = time.perf_counter(), time.process_time(), server()
    with open(path, "rb") as file:
        raw_rows = importers.iter_input_file(file, kind=kind)
        if step == "preview":
            preview = services.preview_import(
                dialogue_id=dialogue_id, user=user, raw_rows=raw_rows, keep=20
            )
            count, errors = preview.count, preview.error_count
        else:
            batch = services.import_inputs(
                dialogue_id=dialogue_id, user=user, file_name=Path(path).name, raw_rows=raw_rows
            )
            count, errors = batch.row_count, 0
    seconds = time.perf_counter() - start
    cpu, db = time.process_time() - cpu, server() - db
    if step == "import":
        assert InputItem.objects.filter(import_batch=batch).count() == count
        assert InputItem.history.filter(import_batch_id=batch.pk).count() == count
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "rows": count,
                "errors": errors,
                "seconds": seconds,
                "cpu": cpu + db,
                "db": db,
                "peak": peak,
                "base": base,
            }
        )
    )


def server_cpu():
    """A function giving the CPU seconds of this connection's PostgreSQL server process so
    far (0 on SQLite, or when the server is not on this machine)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    tick = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick

    return read


# -- The parent ------------------------------------------------------------------------------


def run(args: list[str], env: dict) -> str:
    done = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "PYTHONWARNINGS": "ignore"},
    )
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{args[:2]} failed")
    return done.stdout.strip().splitlines()[-1]


def databases(workdir: Path) -> list[tuple[str, str]]:
    found = (
        [] if "--no-sqlite" in sys.argv else [("SQLite", f"sqlite:///{workdir / 'bench.sqlite3'}")]
    )
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        found.append(("PostgreSQL", url))
    return found


def ensure_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def option(name: str, default=None):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def fresh_postgres(url: str) -> None:
    """Drop and create the database (`--fresh`): a kept one may have recorded a migration
    that has changed since."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def main() -> None:
    import django

    django.setup()
    from django.conf import settings

    count = int(option("--rows", 0)) or settings.INPUT_IMPORT_MAX_ROWS
    repeat = int(option("--repeat", 1))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        # `--files DIR`: the files built there once and used again (they take a minute).
        folder = Path(option("--files", tmp))
        folder.mkdir(parents=True, exist_ok=True)
        paths = {"csv": folder / f"enkat-{count}.csv", "xlsx": folder / f"enkat-{count}.xlsx"}
        if not all(path.exists() for path in paths.values()):
            paths = build_files(count, folder)
        sizes = {kind: path.stat().st_size / 1024 / 1024 for kind, path in paths.items()}
        print(
            f"{count:,} rows: CSV {sizes['csv']:.1f} MB, XLSX {sizes['xlsx']:.1f} MB "
            f"(built in {time.perf_counter() - started:.0f} s); {os.cpu_count()} cores"
        )
        print(
            f"{'database':<11} {'file':<5} {'step':<8} {'rows':>8} {'s':>6} {'rows/s':>8} "
            f"{'cpu s':>6} {'db s':>6} {'rows/cpu-s':>10} {'peak MB':>8} {'base MB':>8} "
            f"{'load':>5}"
        )
        imports: dict[tuple[str, str], list[dict]] = {}
        previews: dict[tuple[str, str], list[dict]] = {}
        for label, url in databases(workdir):
            env = {"DATABASE_URL": url, "MEDIA_ROOT": str(workdir / "media")}
            if label == "PostgreSQL":
                if "--fresh" in sys.argv:
                    fresh_postgres(url)
                ensure_postgres(url)
            subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
                check=True,
                env={**os.environ, **env},
            )
            ids = json.loads(run(["--setup"], env))
            for _round in range(repeat):
                for kind, path in paths.items():
                    for step in ("preview", "import"):
                        result = json.loads(
                            run(
                                ["--step", step, str(path), str(ids["dialogue"]), str(ids["user"])],
                                env,
                            )
                        )
                        result["load"] = os.getloadavg()[0]
                        done = imports if step == "import" else previews
                        done.setdefault((label, kind), []).append(result)
                        print(line(label, kind, step, result), flush=True)
        summary(imports, previews, count)


def line(label: str, kind: str, step: str, result: dict) -> str:
    speed, per_cpu = result["rows"] / result["seconds"], result["rows"] / result["cpu"]
    return (
        f"{label:<11} {kind:<5} {step:<8} {result['rows']:>8,} {result['seconds']:>6.2f} "
        f"{speed:>8,.0f} {result['cpu']:>6.2f} {result['db']:>6.2f} {per_cpu:>10,.0f} "
        f"{result['peak']:>8.1f} {result['base']:>8.1f} {result['load']:>5.1f}"
    )


def summary(imports: dict, previews: dict, count: int) -> None:
    """The import (parse to commit, what the official waits for after confirming), per
    database and file: best and median of the runs, and whether the target is met.

    "critical path" is the rows over the larger of the application's and the database's CPU
    time: with the two working side by side (the writer thread), what an idle two-core
    machine would approach. "with preview" adds the preview's time (the upload read and
    checked) to the import's: the official's whole wait."""
    import statistics

    print(
        f"\nImport of {count:,} rows, wall clock from the parse to the commit "
        f"(target {TARGET_ROWS_PER_SECOND:,} rows/s, peak < {TARGET_MB} MB):"
    )
    for (label, kind), results in imports.items():
        speeds = [r["rows"] / r["seconds"] for r in results]
        critical = [r["rows"] / max(r["cpu"] - r["db"], r["db"], 1e-9) for r in results]
        waits = [
            r["rows"] / (r["seconds"] + p["seconds"])
            for r, p in zip(results, previews[label, kind], strict=True)
        ]
        peak = max(r["peak"] for r in results)
        complete = all(r["rows"] == count for r in results)
        met = complete and max(speeds) >= TARGET_ROWS_PER_SECOND and peak < TARGET_MB
        note = "" if label == "PostgreSQL" else "  (SQLite, the development database: may be lower)"
        print(
            f"  {label:<10} {kind:<4}  best {max(speeds):>7,.0f} rows/s, median "
            f"{statistics.median(speeds):>7,.0f} ({len(speeds)} run(s), load "
            f"{min(r['load'] for r in results):.1f}-{max(r['load'] for r in results):.1f}); "
            f"peak {peak:.0f} MB; target met: {'yes' if met else 'no'}{note}\n"
            f"  {'':<10} {'':<4}  with preview: best {max(waits):>7,.0f} rows/s; critical path "
            f"(idle estimate): median {statistics.median(critical):>7,.0f} rows/s"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--setup"]:
        child_setup()
    elif sys.argv[1:2] == ["--step"]:
        child_step(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        main()

"""How fast and how lightly a 100,000-row survey file is previewed and imported (issue 11:
10,000 rows/s or more, peak memory under 200 MB).

Run with `make bench`, or `python bench/import_speed.py [--rows N] [--repeat N] [--fresh]
[--no-sqlite] [--files DIR] [--kinds csv,xlsx,excel] [--direct]` (`--fresh` drops and creates
DATABASE_URL's database first, as a kept one may have recorded a migration that changed since;
`--files` keeps the built files). Builds N rows (default settings.INPUT_IMPORT_MAX_ROWS) of
survey-like texts as a CSV, as an XLSX from openpyxl's write-only mode (every text inline) and
as an XLSX the way Excel saves one ("excel": shared strings, dates as date-styled numbers),
then runs, each in a fresh process, as the pages do: the preview (the upload read and every row
checked, the first 20 kept, every good row written to the file of checked rows) and the
confirmation (those checked rows inserted with their history rows, in one transaction);
`--direct` adds the import that reads and checks the file itself (`import_inputs(raw_rows=)`).
Each step's time runs from the parse (or the checked rows' first read) to the commit. Peak
memory is the process's peak RSS (ru_maxrss), Django loaded; "base" is the RSS before the
step. On a throwaway SQLite database (unless --no-sqlite), and on PostgreSQL too when
DATABASE_URL points there (a database of that name is created if missing and migrated). Every
step runs `--repeat` times (3 unless given); the summary gives the best wall clock.

Besides the wall-clock time, "cpu s" is the CPU time the step took in this process and, on a
local PostgreSQL, in its server process ("db s", from /proc/<pg_backend_pid()>/stat): on a
machine busy with other work the wall clock mostly measures the others (the load average is
printed), and "rows/cpu-s" (rows over the two CPU times added) is a figure the load hardly
moves: what one idle core would approach doing both sides' work.
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

    paths = file_paths(count, folder)
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
    build_excel_like(count, paths["excel"])
    return paths


def file_paths(count: int, folder: Path) -> dict[str, Path]:
    return {
        "csv": folder / f"enkat-{count}.csv",
        "xlsx": folder / f"enkat-{count}.xlsx",
        "excel": folder / f"enkat-{count}-excel.xlsx",
    }


def build_excel_like(count: int, path: Path) -> None:
    """The rows as Excel saves them: text in the shared strings, the date a date-styled
    number, empty cells left out, characters as UTF-8 (openpyxl's write-only mode writes
    every text inline, non-ASCII as character references)."""
    import zipfile
    from xml.sax.saxutils import escape

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    strings: dict[str, int] = {}
    epoch = date(1899, 12, 30)

    def cell(column: str, number: int, value: str) -> str:
        reference = f"{column}{number}"
        if column == "B" and number > 1:
            serial = (date.fromisoformat(value) - epoch).days
            return f'<c r="{reference}" s="1"><v>{serial}</v></c>'
        index = strings.setdefault(value, len(strings))
        return f'<c r="{reference}" t="s"><v>{index}</v></c>'

    sheet = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{main}">']
    sheet.append(f'<dimension ref="A1:G{count + 1}"/><sheetData>')
    for number, values in enumerate([HEADER, *rows(count)], start=1):
        cells = "".join(cell(c, number, v) for c, v in zip("ABCDEFG", values, strict=True) if v)
        sheet.append(f'<row r="{number}" spans="1:7">{cells}</row>')
    sheet.append("</sheetData></worksheet>")
    shared = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{main}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">',
        *(f"<si><t>{escape(text)}</t></si>" for text in strings),
        "</sst>",
    ]
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="Svar" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{main}"><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
        "xl/worksheets/sheet1.xml": "".join(sheet),
        "xl/sharedStrings.xml": "".join(shared),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())


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
    """One step in this fresh process: "preview" (the upload read and checked, the first rows
    kept, the checked rows written to `path`.rows, as the page does), "confirm" (those
    checked rows inserted, as the confirmation does) or "direct" (the file read, checked and
    inserted in one go, as `import_inputs(raw_rows=)` does for callers without a preview)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from dialog import importers, services
    from dialog.models import InputItem

    user = get_user_model().objects.get(pk=user_id)
    kind = importers.file_kind(path)
    checked_path = Path(os.environ["IMPORT_BENCH_CHECKED"]) / (Path(path).name + ".rows")
    server = server_cpu()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, cpu, db = time.perf_counter(), time.process_time(), server()
    if step == "preview":
        with open(path, "rb") as file, open(checked_path, "wb") as checked:
            preview = services.preview_import(
                dialogue_id=dialogue_id,
                user=user,
                raw_rows=importers.iter_input_file(file, kind=kind),
                keep=20,
                into=checked,
            )
        count, errors = preview.count, preview.error_count
    elif step == "confirm":
        with open(checked_path, "rb") as checked:
            batch = services.import_inputs(
                dialogue_id=dialogue_id, user=user, file_name=Path(path).name, checked=checked
            )
        count, errors = batch.row_count, 0
    else:
        with open(path, "rb") as file:
            batch = services.import_inputs(
                dialogue_id=dialogue_id,
                user=user,
                file_name=Path(path).name,
                raw_rows=importers.iter_input_file(file, kind=kind),
            )
        count, errors = batch.row_count, 0
    seconds = time.perf_counter() - start
    cpu, db = time.process_time() - cpu, server() - db
    if step != "preview":
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


STEPS = ("preview", "confirm")


def main() -> None:
    import django

    django.setup()
    from django.conf import settings

    count = int(option("--rows", 0)) or settings.INPUT_IMPORT_MAX_ROWS
    repeat = int(option("--repeat", 3))
    kinds = option("--kinds", "csv,xlsx,excel").split(",")
    steps = (*STEPS, "direct") if "--direct" in sys.argv else STEPS
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        # `--files DIR`: the files built there once and used again (they take a minute).
        folder = Path(option("--files", tmp))
        folder.mkdir(parents=True, exist_ok=True)
        paths = file_paths(count, folder)
        if not all(path.exists() for path in paths.values()):
            paths = build_files(count, folder)
        paths = {kind: paths[kind] for kind in kinds}
        sizes = ", ".join(
            f"{kind} {path.stat().st_size / 1024 / 1024:.1f} MB" for kind, path in paths.items()
        )
        print(
            f"{count:,} rows: {sizes} (built in {time.perf_counter() - started:.0f} s); "
            f"{os.cpu_count()} cores; best of {repeat} run(s) each"
        )
        print(
            f"{'database':<11} {'file':<5} {'step':<8} {'rows':>8} {'s':>6} {'rows/s':>8} "
            f"{'cpu s':>6} {'db s':>6} {'rows/cpu-s':>10} {'peak MB':>8} {'base MB':>8} "
            f"{'load':>5}"
        )
        results: dict[tuple[str, str, str], list[dict]] = {}
        for label, url in databases(workdir):
            env = {
                "DATABASE_URL": url,
                "MEDIA_ROOT": str(workdir / "media"),
                "IMPORT_BENCH_CHECKED": str(workdir),
            }
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
                    for step in steps:
                        result = json.loads(
                            run(
                                ["--step", step, str(path), str(ids["dialogue"]), str(ids["user"])],
                                env,
                            )
                        )
                        result["load"] = os.getloadavg()[0]
                        results.setdefault((label, kind, step), []).append(result)
                        print(line(label, kind, step, result), flush=True)
        summary(results, count)


def line(label: str, kind: str, step: str, result: dict) -> str:
    speed, per_cpu = result["rows"] / result["seconds"], result["rows"] / result["cpu"]
    return (
        f"{label:<11} {kind:<5} {step:<8} {result['rows']:>8,} {result['seconds']:>6.2f} "
        f"{speed:>8,.0f} {result['cpu']:>6.2f} {result['db']:>6.2f} {per_cpu:>10,.0f} "
        f"{result['peak']:>8.1f} {result['base']:>8.1f} {result['load']:>5.1f}"
    )


def summary(results: dict, count: int) -> None:
    """Per database and file: the confirmation (the checked rows inserted, what the official
    waits for after confirming) and the whole import (the preview's read and check of the
    upload plus the confirmation, run by run), each as the best wall-clock rows/s of the
    runs and as rows per CPU-second (this process's CPU time plus the PostgreSQL server
    process's, the median of the runs: on a busy machine the wall clock mostly measures the
    others, CPU time much less so); the peak memory of every step; whether the target is met
    by the best run."""
    import statistics

    print(
        f"\nImport of {count:,} rows (target {TARGET_ROWS_PER_SECOND:,} rows/s, "
        f"peak < {TARGET_MB} MB); wall clock best of the runs, rows per CPU-second median:"
    )
    groups = sorted({(label, kind) for label, kind, _step in results})
    for label, kind in groups:
        previews = results[label, kind, "preview"]
        confirms = results[label, kind, "confirm"]
        peak = max(r["peak"] for step in STEPS for r in results[label, kind, step])
        complete = all(r["rows"] == count for r in previews + confirms)
        wholes = [
            {
                "rows": c["rows"],
                "seconds": p["seconds"] + c["seconds"],
                "cpu": p["cpu"] + c["cpu"],
            }
            for p, c in zip(previews, confirms, strict=True)
        ]
        shown = [("preview", previews), ("confirm", confirms), ("whole", wholes)]
        if (label, kind, "direct") in results:
            shown.append(("direct", results[label, kind, "direct"]))
        note = "" if label == "PostgreSQL" else " (SQLite, the development database)"
        print(f"  {label} {kind}{note}: peak {peak:.0f} MB")
        for name, runs in shown:
            best = max(r["rows"] / r["seconds"] for r in runs)
            per_cpu = statistics.median(r["rows"] / r["cpu"] for r in runs)
            met = complete and best >= TARGET_ROWS_PER_SECOND and peak < TARGET_MB
            target = f"; target met: {'yes' if met else 'no'}" if name != "preview" else ""
            print(
                f"    {name:<8} best {best:>8,.0f} rows/s wall, {per_cpu:>8,.0f} rows/cpu-s{target}"
            )
    loads = [r["load"] for runs in results.values() for r in runs]
    print(f"  load average during the runs: {min(loads):.1f}-{max(loads):.1f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--setup"]:
        child_setup()
    elif sys.argv[1:2] == ["--step"]:
        child_step(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        main()

"""How fast and how lightly both importers refuse hostile workbooks (issue 8: each within a
second, under 100 MB).

Run with `make bench`. Each case runs in its own process, twice: once for the time, once under
tracemalloc for the peak of what the refusal allocates; the process's peak RSS (Django loaded)
is shown too. An ordinary 5,000-row survey workbook is read for comparison. Touches no database.
"""

import io
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

TARGET_SECONDS = 1.0
TARGET_MB = 100
CASES = (
    "dimension bomb",
    "zip bomb",
    "1,048,576 rows",
    "row 1,048,576 only",  # no declaration: found by the scan
    "ordinary 5,000 rows",
)
IMPORTERS = ("survey", "documents")


def build(case: str, importer: str) -> bytes:
    from tests.core import bombs

    rows = bombs.SURVEY if importer == "survey" else bombs.DOCUMENTS
    if case == "dimension bomb":
        return bombs.dimension_bomb(rows)
    if case == "zip bomb":
        return bombs.zip_bomb(rows)
    if case == "1,048,576 rows":
        return bombs.full_height(rows)
    if case == "row 1,048,576 only":
        return bombs.far_row(rows)
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(rows[0])
    for _ in range(5000):
        workbook.active.append(rows[1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(importer: str, data: bytes) -> str:
    """'refused' or 'read N rows'."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dialog.importers import read_input_file
    from governance.importers import ImportFileError, parse_file

    try:
        if importer == "survey":
            rows = read_input_file(SimpleUploadedFile("enkat.xlsx", data))
        else:
            rows = parse_file("register.xlsx", data)
    except (ValidationError, ImportFileError):
        return "refused"
    return f"read {len(rows)} rows"


def child(case: str, importer: str) -> None:
    import django

    django.setup()
    data = build(case, importer)
    start = time.perf_counter()
    outcome = run_import(importer, data)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    run_import(importer, data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "size": len(data),
                "outcome": outcome,
                "seconds": seconds,
                "peak_mb": peak / 1024 / 1024,
                "rss_mb": rss_kb / 1024,
            }
        )
    )


def main() -> None:
    print(
        f"{'case':<21} {'importer':<10} {'file KB':>8} {'outcome':<15} {'ms':>7} "
        f"{'peak MB':>8} {'RSS MB':>7}  target"
    )
    for case in CASES:
        for importer in IMPORTERS:
            out = (
                subprocess.run(
                    [sys.executable, __file__, "--child", case, importer],
                    capture_output=True,
                    text=True,
                    check=True,
                    env={**os.environ, "PYTHONWARNINGS": "ignore"},
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            result = json.loads(out)
            hostile = case != "ordinary 5,000 rows"
            if hostile:
                met = (
                    result["outcome"] == "refused"
                    and result["seconds"] < TARGET_SECONDS
                    and result["peak_mb"] < TARGET_MB
                    and result["rss_mb"] < TARGET_MB
                )
                verdict = "met" if met else "MISSED"
            else:
                verdict = "-"
            print(
                f"{case:<21} {importer:<10} {result['size'] / 1024:>8.1f} "
                f"{result['outcome']:<15} {result['seconds'] * 1000:>7.1f} "
                f"{result['peak_mb']:>8.1f} {result['rss_mb']:>7.1f}  {verdict}"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
    else:
        main()

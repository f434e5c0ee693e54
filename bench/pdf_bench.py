"""PDF timing: our whole pipeline against WeasyPrint alone, on the same decision basis.

    .venv/bin/python bench/pdf_bench.py          # N=10 by default; PDF_BENCH_N=30 for more

- pipeline: `reports.services.request_report` as a user's click runs it: permission and
  completeness checks, the next version, the task (immediate backend), the template, WeasyPrint,
  the file stored under MEDIA_ROOT with its checksum.
- WeasyPrint alone: `HTML(string=...).write_pdf(...)` on the HTML the pipeline rendered, with the
  same options and the same local-file fetcher (the fonts and stylesheet must load either way).

Runs on a throwaway SQLite database and MEDIA_ROOT in a temporary directory; prints the medians
and their ratio. Not part of `make test`.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    n = int(os.environ.get("PDF_BENCH_N", "10"))
    workdir = Path(tempfile.mkdtemp(prefix="delaktig-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import logging

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from dialog.models import DecisionPoint
    from reports import rendering, selectors, services
    from reports.models import Report
    from tests.factories import Cast
    from tests.reports.conftest import build_full_dialogue

    cast = Cast()
    dialogue, _extra = build_full_dialogue(cast)
    fetcher = rendering.StaticFileFetcher()  # its own cache of the font files, like ours
    html = rendering.render_html(selectors.decision_basis(dialogue, DecisionPoint.FINAL))

    def pipeline() -> None:
        report = services.request_report(
            user=cast.official,
            kind=Report.Kind.DECISION_BASIS,
            dialogue_id=dialogue.pk,
            point=DecisionPoint.FINAL,
        )
        assert report.status == Report.Status.DONE, report.error

    def weasyprint_alone() -> None:
        HTML(string=html, base_url=rendering.PDF_BASE_URL, url_fetcher=fetcher).write_pdf(
            font_config=FontConfiguration(),
            pdf_variant=rendering.PDF_VARIANT,
            pdf_tags=rendering.PDF_TAGS,
        )

    def timed(function) -> list[float]:
        function()  # warm-up: imports, font parsing, template loading
        times = []
        for _ in range(n):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        return times

    ours = timed(pipeline)
    alone = timed(weasyprint_alone)
    versions = Report.objects.filter(kind=Report.Kind.DECISION_BASIS).count()
    print(f"decision basis, {n} renders each ({len(html)} characters of HTML, {versions} versions)")
    print(f"  pipeline (template + render + store): median {statistics.median(ours):.3f} s")
    print(f"  WeasyPrint alone:                     median {statistics.median(alone):.3f} s")
    ratio = statistics.median(ours) / statistics.median(alone)
    print(f"  ratio pipeline / WeasyPrint:          {ratio:.2f}")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

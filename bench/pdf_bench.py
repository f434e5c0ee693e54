"""PDF timing: our whole pipeline against WeasyPrint alone, on the same decision basis.

    .venv/bin/python bench/pdf_bench.py          # N=10 by default; PDF_BENCH_N=30 for more

- pipeline: `reports.services.request_report` as a user's click runs it: permission and
  completeness checks, the next version, the task (immediate backend), the template, WeasyPrint,
  the file stored under MEDIA_ROOT with its checksum.
- WeasyPrint alone: `HTML(string=...).write_pdf(...)` on the HTML the pipeline rendered, with the
  same options and the same local-file fetcher (the fonts and stylesheet must load either way).

Runs on a throwaway SQLite database and MEDIA_ROOT in a temporary directory; prints the medians
and their ratio. Not part of `make test`.

Then the same at scale (issue 11): a dialogue with PDF_BENCH_INPUTS views (50,000 when SCALE is
set, as `make bench SCALE=large` does; 5,000 otherwise) in
PDF_BENCH_THEMES themes (default 30), made with bulk inserts, and for it the decision basis and
the dialogue report, each pipeline / WeasyPrint alone on the same HTML (target at most 1.2), and
the dialogue page (its panels read the stored input counts, kept by triggers as the bulk inserts
go in) against the page of a typical dialogue with the same themes and 100 views (target at most
1.5). PDF_BENCH_INPUTS=0 skips it.
PDF_BENCH_DATABASE_URL runs on another database (PostgreSQL: an empty database of your own,
migrated here).
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
    os.environ["DATABASE_URL"] = os.environ.get(
        "PDF_BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
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

    def timed(*functions) -> list[list[float]]:
        """Each function's times, the functions taking turns (so a busy machine slows all alike).

        The CPU time this process spent in each is kept in `timed.cpu` (the same shape): on a
        machine shared with other work it varies less than the wall time, though it leaves out
        the database server's own time."""
        for function in functions:
            function()  # warm-up: imports, font parsing, template loading
        times = [[] for _function in functions]
        timed.cpu = [[] for _function in functions]
        for _ in range(n):
            for function, spent, cpu in zip(functions, times, timed.cpu, strict=True):
                start, start_cpu = time.perf_counter(), time.process_time()
                function()
                spent.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
        return times

    ours, alone = timed(pipeline, weasyprint_alone)
    versions = Report.objects.filter(kind=Report.Kind.DECISION_BASIS).count()
    print(f"decision basis, {n} renders each ({len(html)} characters of HTML, {versions} versions)")
    print(f"  pipeline (template + render + store): median {statistics.median(ours):.3f} s")
    print(f"  WeasyPrint alone:                     median {statistics.median(alone):.3f} s")
    ratio = statistics.median(ours) / statistics.median(alone)
    print(f"  ratio pipeline / WeasyPrint:          {ratio:.2f}")

    # The 50,000 views with SCALE set (make bench SCALE=...); a quick 5,000 otherwise.
    inputs = int(os.environ.get("PDF_BENCH_INPUTS", "50000" if os.environ.get("SCALE") else "5000"))
    if inputs:
        themes = int(os.environ.get("PDF_BENCH_THEMES", "30"))
        at_scale(cast, inputs=inputs, themes=themes, n=n, timed=timed, fetcher=fetcher)
    shutil.rmtree(workdir, ignore_errors=True)


def big_dialogue(cast, *, inputs: int, themes: int):
    """The full dialogue again, with `inputs` views in `themes` themes (bulk inserts)."""
    from datetime import date

    from dialog.models import AgeBand, Gender, InputItem, Theme
    from reports.selectors import dialogue_for_reports
    from tests.reports.conftest import build_full_dialogue

    dialogue, _extra = build_full_dialogue(cast)
    made = Theme.objects.bulk_create(
        Theme(dialogue=dialogue, name=f"Tema {i:02}", description=f"Om ämne {i}")
        for i in range(themes)
    )
    theme_ids = [t.pk for t in made]
    activity_ids = [a.pk for a in dialogue.activities.all()]
    ages, genders = AgeBand.values + [""], [g for g in Gender.values] + [""]
    text = "Jag tycker att det behövs mer belysning och fler vuxna ute på kvällarna. "
    Tag = InputItem.themes.through
    batch = 5_000
    for start in range(0, inputs, batch):
        items = InputItem.objects.bulk_create(
            InputItem(
                dialogue=dialogue,
                text=f"{text * (1 + i % 4)}({i})",
                source=InputItem.Source.WEB_FORM if i % 3 else InputItem.Source.ACTIVITY,
                activity_id=activity_ids[i % len(activity_ids)] if i % 3 == 0 else None,
                received_on=date(2025, 4, 1 + i % 28),
                age_band=ages[i % len(ages)],
                gender=genders[i % len(genders)],
                area=f"Område {i % 40}",
                within_purpose=i % 17 != 0,
                created_by=cast.official,
            )
            for i in range(start, min(start + batch, inputs))
        )
        Tag.objects.bulk_create(
            Tag(inputitem_id=item.pk, theme_id=theme_ids[(item.pk + k) % len(theme_ids)])
            for item in items
            if item.within_purpose
            # A quarter of the views in two themes.
            for k in ((0, 1) if item.pk % 4 == 0 and len(theme_ids) > 1 else (0,))
        )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics after the bulk load, as autovacuum
            cursor.execute(
                "ANALYZE dialog_inputitem, dialog_inputitem_themes, dialog_theme, dialog_inputcount"
            )
    return dialogue_for_reports(dialogue.pk)


def at_scale(cast, *, inputs, themes, n, timed, fetcher) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from dialog.models import DecisionPoint
    from reports import rendering, selectors, services
    from reports.models import Report

    start = time.perf_counter()
    dialogue = big_dialogue(cast, inputs=inputs, themes=themes)
    made = time.perf_counter() - start
    print(
        f"\nat scale: one dialogue with {inputs:,} views in {themes} themes (made in {made:.1f} s)"
    )
    kinds = [
        ("decision basis", Report.Kind.DECISION_BASIS, {"point": DecisionPoint.FINAL}),
        ("dialogue report", Report.Kind.DIALOGUE_REPORT, {}),
    ]
    for label, kind, extra in kinds:
        document = services.build_document(kind, dialogue=dialogue, **extra)
        assert not document.missing, document.missing
        html = rendering.render_html(document)

        def pipeline(kind=kind, extra=extra) -> None:
            report = services.request_report(
                user=cast.official, kind=kind, dialogue_id=dialogue.pk, **extra
            )
            assert report.status == Report.Status.DONE, report.error

        def weasyprint_alone(html=html) -> None:
            HTML(string=html, base_url=rendering.PDF_BASE_URL, url_fetcher=fetcher).write_pdf(
                font_config=FontConfiguration(),
                pdf_variant=rendering.PDF_VARIANT,
                pdf_tags=rendering.PDF_TAGS,
            )

        fresh = selectors.dialogue_for_reports(dialogue.pk)
        with CaptureQueriesContext(connection) as captured:
            rendering.render_html(services.build_document(kind, dialogue=fresh, **extra))
        ours, alone = (statistics.median(t) for t in timed(pipeline, weasyprint_alone))
        ours_cpu, alone_cpu = (statistics.median(t) for t in timed.cpu)
        print(f"  {label} ({len(html):,} characters of HTML, {len(captured)} queries to build)")
        print(f"    pipeline median {ours:.3f} s, WeasyPrint alone {alone:.3f} s")
        verdict = "ok" if ours / alone <= 1.2 else "OVER the 1.2 target"
        print(f"    ratio pipeline / WeasyPrint: {ours / alone:.2f} ({verdict})")
        print(
            f"    CPU of this process: pipeline {ours_cpu:.3f} s, WeasyPrint alone "
            f"{alone_cpu:.3f} s, ratio {ours_cpu / alone_cpu:.2f} (the database's time not in it)"
        )

    # The dialogue page: the big dialogue's against a typical one's with as many themes (the
    # panel's tables grow with the themes and areas, not with the views), same user and state.
    typical_dialogue = big_dialogue(cast, inputs=100, themes=themes)
    setup_test_environment()
    client = Client()
    client.force_login(cast.official)

    def page(url):
        def get() -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    typical, big = (
        statistics.median(t)
        for t in timed(page(typical_dialogue.get_absolute_url()), page(dialogue.get_absolute_url()))
    )
    verdict = "ok" if big / typical <= 1.5 else "OVER the 1.5 target"
    print(f"  dialogue page: typical {typical * 1000:.1f} ms, {inputs:,} views {big * 1000:.1f} ms")
    print(f"    ratio big / typical: {big / typical:.2f} ({verdict})")


if __name__ == "__main__":
    main()

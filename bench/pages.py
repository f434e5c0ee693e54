"""Issue 11's pages at demo size and at a generated size: queries, median time, ratios, targets.

    make bench                  # demo vs a small generated set, SQLite, a minute or two
    make bench SCALE=medium     # PostgreSQL: 10,000 dialogues, 500,000 inputs, 2,000 documents
    make bench SCALE=large      # PostgreSQL: 100,000 dialogues, 5,000,000 inputs, 10,000 documents

Two databases, measured one after the other in a child process each: the demo (`load_demo`) and a
copy of it with `generate_scale` added, so that the same users and the same demo dialogues are
asked for at both sizes. The demo then gets a small generated set of its own (`small_sizes`), so
that the generated pages are compared in the same states: the biggest dialogue, the published
ones, a full page of the list. Each page is fetched with Django's test client, alternating with
a bare view (an `HttpResponse("ok")` behind the same middleware and the same logged-in session),
so that "× bare" holds on a busy machine. DEBUG is off while timing (no query log); the queries
are counted on a warm-up request.

With SCALE set, the databases are PostgreSQL: BENCH_DEMO_URL (default .../delaktig_scale_demo) and
BENCH_LARGE_URL (default .../delaktig_scale_<scale>) on BENCH_PG (default
postgres://postgres@127.0.0.1:5432). They are made once and kept: a database that already holds
the generated set is used as it is (drop it to regenerate; public pages it lacks are published).
BENCH_REPEAT sets the timed requests per page (default 15; 7 without SCALE), BENCH_ROUNDS the
rounds that alternate the two sizes (default 2; 1 without SCALE), each page keeping its best
median. The public dialogue page is asked for by a visitor who is not logged in, for the biggest
published dialogue that shows its results (the same state at both sizes: `public_dialogue`).

Targets (issue 11): queries equal at both sizes; each page at the large size at most 1.5× its demo
time; the big dialogue at most 1.5× a typical one; the steering-document search under 50 ms.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {
    # dialogues, inputs, documents, inputs of the big dialogue
    "": (400, 20_000, 300, 5_000),
    "medium": (10_000, 500_000, 2_000, 50_000),
    "large": (100_000, 5_000_000, 10_000, 50_000),
}
# (key, label, who, url); {typical}, {big} and {public} are filled in from the database.
PAGES = [
    ("dash_official", "dashboard, official", "official", "/"),
    ("dash_politician", "dashboard, politician", "politician", "/"),
    ("dash_clerk", "dashboard, clerk", "clerk", "/"),
    ("list", "dialogue list", "official", "/dialoger/"),
    ("search", "dialogue list, search", "official", "/dialoger/?q=park"),
    ("page50", "dialogue list, page 50", "official", "/dialoger/?page=50"),
    ("typical", "dialogue page, typical", "official", "/dialoger/{typical}/"),
    ("big", "dialogue page, biggest", "official", "/dialoger/{big}/"),
    # The residents' page of the biggest published dialogue showing results, not logged in.
    ("public", "public dialogue page", "resident", "/medborgare/dialoger/{public}/"),
    ("documents", "steering-document search", "official", "/styrdokument/?q=medborgardialog"),
]
USERS = {"official": "mikael.eriksson", "politician": "maria.holm", "clerk": "ingrid.sjoberg"}
# Who is not logged in.
ANONYMOUS = ("resident",)
LIMIT_RATIO = 1.5
# dialog.scale.BIG_TITLE (named here: the parent process does not set Django up).
BIG_TITLE = "Skaldialog stor"
LIMIT_DOCUMENTS_MS = 50.0


# -- The child: one database, every page ------------------------------------------------------
def measure(repeat: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import types

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import clear_url_caches, include, path

    from dialog.models import Dialogue, State

    def bare(request):
        return HttpResponse("ok")

    urls = types.ModuleType("bench_pages_urls")
    urls.urlpatterns = [path("__bare__/", bare), path("", include(settings.ROOT_URLCONF))]
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    settings.DEBUG = False  # after setup: the storages stay as they are, the query log goes off
    clear_url_caches()

    # The same demo dialogues at both sizes (the large database is a copy of the demo one).
    typical = (
        Dialogue.objects.filter(title__in=_demo_titles(), state=State.DECISION)
        .order_by("pk")
        .first()
        or Dialogue.objects.order_by("pk").first()
    )
    big = Dialogue.objects.annotate(n=Count("inputs")).order_by("-n", "pk").first()
    public = public_dialogue()
    assert public is not None, "no published dialogue with results: generate_scale --publish-only"
    clients = {role: Client() for role in ANONYMOUS}
    for role, username in USERS.items():
        clients[role] = Client()
        clients[role].force_login(get_user_model().objects.get(username=username))

    results = {}
    for key, _label, role, url in PAGES:
        client = clients[role]
        url = url.format(typical=typical.pk, big=big.pk, public=public.pk)
        queries = []
        # Counted by a wrapper around every execute: it needs no query log (DEBUG is off).
        with connection.execute_wrapper(_counter(queries)):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        client.get("/__bare__/")
        page_times, bare_times = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            page_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            client.get("/__bare__/")
            bare_times.append(time.perf_counter() - start)
        results[key] = {
            "queries": len(queries),
            "ms": statistics.median(page_times) * 1000,
            "bare_ms": statistics.median(bare_times) * 1000,
        }
    results["_big_inputs"] = big.inputs.count()
    results["_public_inputs"] = public.inputs.count()
    results["_dialogues"] = Dialogue.objects.count()
    return results


def public_dialogue():
    """The public page measured at both sizes: the published dialogue with the most inputs among
    those whose page shows the results (participation's RESULTS_STATES), so that the two sizes
    compare the same page in the same state (the counts by theme are two queries more than a
    page without results; the biggest generated dialogue is still in compilation)."""
    from django.db.models import Count

    from dialog.models import Dialogue
    from participation.models import RESULTS_STATES

    return (
        Dialogue.objects.filter(public_page__is_published=True, state__in=RESULTS_STATES)
        .annotate(n=Count("inputs"))
        .order_by("-n", "pk")
        .first()
    )


def _counter(queries: list):
    def count(execute, *args):
        queries.append(1)
        return execute(*args)

    return count


def _demo_titles() -> list[str]:
    from dialog.management.commands.load_demo import DIALOGUES

    return [spec.title for spec in DIALOGUES]


# -- The parent: the databases, the children, the table ---------------------------------------
def run(*args: str, url: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore",  # whitenoise's "no staticfiles directory", once per child
    }
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    )
    return done.stdout


def manage(*args: str, url: str) -> str:
    return run("manage.py", *args, url=url)


def prepare_sqlite(sizes) -> tuple[str, str]:
    import sqlite3

    folder = Path(tempfile.mkdtemp(prefix="delaktig-bench-"))
    demo = folder / "demo.sqlite3"
    manage("migrate", "-v0", url=f"sqlite:///{demo}")
    manage("load_demo", "--force", url=f"sqlite:///{demo}")
    large = folder / "large.sqlite3"
    large.write_bytes(demo.read_bytes())
    started = time.perf_counter()
    manage(*_generate_args(sizes), url=f"sqlite:///{large}")
    print(f"generated {sizes} in {time.perf_counter() - started:.0f} s")
    with sqlite3.connect(demo) as connection:
        have = connection.execute("SELECT count(*) FROM dialog_dialogue").fetchone()[0]
    manage(*_generate_args(small_sizes(have)), url=f"sqlite:///{demo}")
    return f"sqlite:///{demo}", f"sqlite:///{large}"


def small_sizes(demo_dialogues: int) -> tuple[int, int, int, int]:
    """The small generated set the demo database gets (after the large one was copied from it):
    the same generator at demo size, so that both sizes show the same pages in the same states.
    The biggest dialogue is the generated big one at both (in compilation: the demo's own
    biggest is closed, whose page reads other things), published dialogues of every state
    exist at both, and the dialogues fill whole pages of the list (the demo's 13 showed half a
    page against a full one)."""
    per_page = 25
    dialogues = 2 * per_page - demo_dialogues % per_page
    return dialogues, 10 * dialogues, 20, 50


def prepare_postgres(scale: str, sizes) -> tuple[str, str]:
    import psycopg

    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    demo_url = os.environ.get("BENCH_DEMO_URL", f"{server}/delaktig_scale_demo")
    large_url = os.environ.get("BENCH_LARGE_URL", f"{server}/delaktig_scale_{scale}")
    demo_name, large_name = demo_url.rsplit("/", 1)[1], large_url.rsplit("/", 1)[1]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        names = {r[0] for r in admin.execute("SELECT datname FROM pg_database")}
        if demo_name not in names:
            admin.execute(f'CREATE DATABASE "{demo_name}"')
    # Migrations first on both: what others added since the set was made (indexes, columns).
    manage("migrate", "-v0", url=demo_url)
    if demo_name not in names:
        manage("load_demo", "--force", url=demo_url)
    if large_name not in names:
        # A copy of the demo as load_demo left it (before its small generated set).
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{large_name}" TEMPLATE "{demo_name}"')
    manage("migrate", "-v0", url=large_url)
    with psycopg.connect(demo_url) as connection:
        have, small = connection.execute(
            "SELECT count(*), count(*) FILTER (WHERE title = %s) FROM dialog_dialogue",
            [BIG_TITLE],
        ).fetchone()
    if not small:
        manage(*_generate_args(small_sizes(have)), url=demo_url)
    with psycopg.connect(large_url) as connection:
        have = connection.execute("SELECT count(*) FROM dialog_dialogue").fetchone()[0]
    if have < sizes[0]:
        started = time.perf_counter()
        manage(*_generate_args(sizes), url=large_url)
        print(f"generated {sizes} in {time.perf_counter() - started:.0f} s")
    else:
        print(f"{large_name} already holds {have} dialogues: used as it is")
        # A set made before the generator published public pages gets them now (idempotent).
        manage("generate_scale", "--publish-only", url=large_url)
    # Measured as a settled database, as autovacuum leaves it: after bulk loading, the GIN
    # indexes' pending lists are unmerged (every trigram search reads them through) and no page
    # is marked all-visible (no index-only scan). Quick once done: only changed pages are read.
    for url in (demo_url, large_url):
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM (ANALYZE)")
    return demo_url, large_url


def _generate_args(sizes) -> list[str]:
    dialogues, inputs, documents, big = sizes
    return [
        "generate_scale",
        f"--dialogues={dialogues}",
        f"--inputs={inputs}",
        f"--documents={documents}",
        f"--big-dialogue-inputs={big}",
    ]


def best(kept: dict, new: dict) -> dict:
    """Per page the faster of two rounds (with its bare view), and the larger query count."""
    merged = dict(new)
    for key, old in kept.items():
        if isinstance(old, dict):
            queries = max(old["queries"], new[key]["queries"])
            merged[key] = {**min(old, new[key], key=lambda r: r["ms"]), "queries": queries}
    return merged


def table(demo: dict, large: dict) -> list[str]:
    header = (
        f"{'page':<27} {'queries':>11} {'demo ms':>8} {'large ms':>9} {'ratio':>6} "
        f"{'× bare':>7}  target met"
    )
    lines = [header, "-" * len(header)]
    for key, label, _role, _url in PAGES:
        d, g = demo[key], large[key]
        ratio = g["ms"] / d["ms"]
        checks = [d["queries"] == g["queries"], ratio <= LIMIT_RATIO]
        note = ""
        if key == "big":
            versus = g["ms"] / large["typical"]["ms"]
            checks.append(versus <= LIMIT_RATIO)
            note = f" ({versus:.1f}× typical)"
        if key == "documents":
            checks.append(g["ms"] < LIMIT_DOCUMENTS_MS)
        lines.append(
            f"{label:<27} {d['queries']:>4} → {g['queries']:<4} {d['ms']:>8.1f} {g['ms']:>9.1f} "
            f"{ratio:>5.2f}× {g['ms'] / g['bare_ms']:>6.0f}×  "
            f"{'yes' if all(checks) else 'no'}{note}"
        )
    return lines


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(int(os.environ["BENCH_REPEAT"]))))
        return
    scale = os.environ.get("SCALE", "")
    if scale not in SIZES:
        sys.exit(f"SCALE must be one of {', '.join(repr(s) for s in SIZES)}")
    sizes = SIZES[scale]
    os.environ.setdefault("BENCH_REPEAT", "15" if scale else "7")
    demo_url, large_url = prepare_postgres(scale, sizes) if scale else prepare_sqlite(sizes)
    # Rounds alternate the two sizes; each page keeps its best median, so that a burst of load
    # from elsewhere on the machine during one round does not decide the ratio.
    rounds = int(os.environ.get("BENCH_ROUNDS", "2" if scale else "1"))
    demo, large = {}, {}
    for _round in range(rounds):
        demo = best(demo, json.loads(run(__file__, "--measure", url=demo_url).splitlines()[-1]))
        large = best(large, json.loads(run(__file__, "--measure", url=large_url).splitlines()[-1]))
    engine = "PostgreSQL" if scale else "SQLite"
    print(
        f"\n{engine}: demo {demo['_dialogues']} dialogues → {large['_dialogues']} dialogues, "
        f"biggest dialogue {demo['_big_inputs']} → {large['_big_inputs']} inputs, public page "
        f"{demo['_public_inputs']} → {large['_public_inputs']} inputs; medians of "
        f"{os.environ['BENCH_REPEAT']} requests (best of {rounds} rounds), test client, each "
        "alternated with a bare view"
    )
    print("\n".join(table(demo, large)))


if __name__ == "__main__":
    main()

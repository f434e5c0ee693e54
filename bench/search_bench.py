"""The steering-document register's search at scale: queries and median time of the list page.

Run with `make bench` (or `.venv/bin/python bench/search_bench.py`). Uses a throw-away SQLite
database, or DATABASE_URL if set, whose database is used as-is: point it at a scratch database.
The target (issue 11) is on PostgreSQL: under 50 ms median with 10,000 documents of real length,
and the same number of queries as with a few. On PostgreSQL the script also times the register's
count and first page the way the search ran before migration 0007 (every hit ranked by its
stored text vector, the planner free to scan the table), and prints the CPU time per page of
this process and of the database server, which a busy machine inflates far less than the wall
clock.
BENCH_DOCUMENTS overrides the large size (default 10,000).
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:
    scratch = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from governance import selectors  # noqa: E402
from governance.models import DocumentType, SteeringDocument  # noqa: E402
from roles.models import Body, Membership  # noqa: E402

LARGE = int(os.environ.get("BENCH_DOCUMENTS", "10000"))
SIZES = (100, LARGE)
REPEAT = 15
WORDS_PER_DOCUMENT = (800, 4000)  # 5-25 KB of text: a few pages to a long policy
SEARCHES = {
    "common word": "kommunen",
    "rare word": "medborgardialoger",
    "two words": "trygghet skolan",
    "no hit": "zzyzx",
}

VOCABULARY = [
    "kommunen",
    "nämnden",
    "styrelsen",
    "invånare",
    "medborgare",
    "dialog",
    "medborgardialog",
    "delaktighet",
    "inflytande",
    "samråd",
    "beslut",
    "riktlinje",
    "policy",
    "program",
    "plan",
    "strategi",
    "mål",
    "uppföljning",
    "trygghet",
    "skolan",
    "förskolan",
    "äldreomsorg",
    "socialtjänst",
    "miljö",
    "klimat",
    "hållbarhet",
    "kollektivtrafik",
    "cykel",
    "gator",
    "parker",
    "bibliotek",
    "kultur",
    "fritid",
    "idrott",
    "ungdomar",
    "barn",
    "äldre",
    "funktionsnedsättning",
    "tillgänglighet",
    "jämställdhet",
    "integration",
    "arbetsmarknad",
    "näringsliv",
    "upphandling",
    "ekonomi",
    "budget",
    "investering",
    "personal",
    "kompetens",
    "digitalisering",
    "information",
    "kommunikation",
    "webbplats",
    "öppenhet",
    "rättssäkerhet",
    "dataskydd",
    "arkiv",
    "krisberedskap",
    "säkerhet",
    "vatten",
    "avlopp",
    "avfall",
    "energi",
    "bostäder",
    "detaljplan",
    "översiktsplan",
]
FILLER = [
    "och",
    "att",
    "det",
    "som",
    "en",
    "på",
    "är",
    "för",
    "med",
    "till",
    "av",
    "i",
    "om",
    "ska",
    "kan",
    "den",
    "de",
    "har",
]


def text_of(rng: random.Random) -> str:
    # Zipf-like: a few topic words are in most documents, most are in few.
    words = []
    for _ in range(rng.randint(*WORDS_PER_DOCUMENT)):
        if rng.random() < 0.6:
            words.append(rng.choice(FILLER))
        else:
            index = min(int(rng.paretovariate(1.2)) - 1, len(VOCABULARY) - 1)
            words.append(VOCABULARY[(index * 7) % len(VOCABULARY)])
    return " ".join(words) + "."


def seed(total: int, body, kind) -> None:
    have = SteeringDocument.objects.count()
    rng = random.Random(have)
    batch = []
    for n in range(have, total):
        topic = rng.choice(VOCABULARY)
        batch.append(
            SteeringDocument(
                title=f"{kind.name} för {topic} {n}",
                type=kind,
                adopting_body=body,
                status=SteeringDocument.Status.ADOPTED,
                case_number=f"KS {2000 + n % 25}/{n}",
                text=text_of(rng),
            )
        )
        if len(batch) == 500:
            SteeringDocument.objects.bulk_create(batch)
            batch = []
    SteeringDocument.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE governance_steeringdocument")


def server_cpu():
    """A function giving the CPU seconds of this connection's PostgreSQL server process so far
    (0 on SQLite, or when the server is not on this machine)."""
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


def measure(client, url: str) -> tuple[float, int, float]:
    """Median wall time, queries, and the mean CPU time (this process and the database's) of
    the page: on a machine busy with other work the wall clock mostly measures the others."""
    client.get(url)  # warm-up
    server = server_cpu()
    times = []
    cpu = time.process_time() + server()
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    cpu = (time.process_time() + server() - cpu) / REPEAT
    return statistics.median(times), len(queries), cpu


def before_0007(text: str) -> float:
    """Median of the count and first page as the search ran before migration 0007: the hits by
    the stored vector's GIN index as the planner chose, every hit ranked by its text vector."""
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(text, config="swedish", search_type="websearch")
    vector = selectors._StoredVector("search_vector")
    matching = (
        SteeringDocument.objects.alias(vector=vector).filter(vector=query).order_by().values("pk")
    )
    tagged = (
        SteeringDocument.keywords.through.objects.filter(keyword__name__icontains=text)
        .order_by()
        .values("steeringdocument_id")
    )
    rows = (
        selectors.document_list()
        .filter(pk__in=matching.union(tagged))
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", "title", "pk")
    )
    times = []
    for _ in range(5):
        start = time.perf_counter()
        rows.count()
        list(rows[:25])
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    body, _ = Body.objects.get_or_create(
        code="KF", defaults={"name": "Kommunfullmäktige", "kind": Body.Kind.COUNCIL}
    )
    kind = DocumentType.objects.order_by("pk").first()
    user, _ = get_user_model().objects.get_or_create(username="search-bench")
    Membership.objects.get_or_create(
        person=user, body=body, defaults={"role": Membership.Role.OFFICIAL}
    )
    client = Client()
    client.force_login(user)
    postgres = connection.vendor == "postgresql"
    print(f"register search on {connection.vendor}; median of {REPEAT}")
    header = (
        f"{'documents':>10} {'search':<12} {'hits':>6} {'queries':>8} {'median ms':>10} "
        f"{'cpu ms':>7}"
    )
    print(header + (f" {'before ms':>10}" if postgres else ""))
    results = {}
    small, large = SIZES
    for size in SIZES:
        seed(size, body, kind)
        for label, text in SEARCHES.items():
            hits = selectors.search(SteeringDocument.objects.all(), text).count()
            median, queries, cpu = measure(client, f"/styrdokument/?q={text}")
            results[size, label] = (median, queries)
            line = (
                f"{size:>10} {label:<12} {hits:>6} {queries:>8} {median * 1000:>10.1f} "
                f"{cpu * 1000:>7.1f}"
            )
            if postgres:
                line += f" {before_0007(text) * 1000:>10.1f}"
            print(line)
    for label in SEARCHES:
        (t_small, q_small), (t_large, q_large) = results[small, label], results[large, label]
        print(
            f"{label:<12} queries {q_small} -> {q_large} "
            f"({'same' if q_small == q_large else 'GROWS'}), "
            f"time x{t_large / t_small:.2f}, "
            f"{'meets' if t_large < 0.050 else 'misses'} the 50 ms target at {large}"
        )
    print(
        "cpu ms: this process's and the database server's CPU time per page (the wall clock of "
        "a busy machine measures the others too); before ms: count and page as before 0007"
    )


if __name__ == "__main__":
    main()

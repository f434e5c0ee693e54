"""How the dialogue list and a dialogue page scale: time and queries with many dialogues.

Run with `make bench`. Uses a throw-away SQLite database (or DATABASE_URL if set, whose
database is used as-is: point it at a scratch database).
"""

import os
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

from dialog.models import Dialogue, Mandate  # noqa: E402
from roles.models import Body, Membership  # noqa: E402

SIZES = (100, 1000, 5000)
REPEAT = 5


def seed(total: int, official, body) -> None:
    have = Dialogue.objects.count()
    rows = [
        Dialogue(
            title=f"Dialog {n}",
            question="Vad tycker du?",
            body=body,
            responsible_official=official,
            initiated_by=official,
        )
        for n in range(have, total)
    ]
    created = Dialogue.objects.bulk_create(rows, batch_size=500)
    Mandate.objects.bulk_create([Mandate(dialogue=d) for d in created], batch_size=500)


def measure(client, url: str) -> tuple[float, int]:
    client.get(url)  # warm-up
    best = float("inf")
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            best = min(best, time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return best, len(queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    body, _ = Body.objects.get_or_create(
        code="KS", defaults={"name": "Kommunstyrelsen", "kind": Body.Kind.EXECUTIVE_BOARD}
    )
    official, created = get_user_model().objects.get_or_create(username="bench")
    if created:
        official.set_password("bench-password-1")
        official.save()
        Membership.objects.create(person=official, body=body, role=Membership.Role.OFFICIAL)
    client = Client()
    client.force_login(official)
    print(f"{'dialogues':>10} {'list ms':>9} {'list q':>7} {'search ms':>10} {'page ms':>8}")
    for size in SIZES:
        seed(size, official, body)
        list_time, list_queries = measure(client, "/dialoger/")
        search_time, _ = measure(client, "/dialoger/?q=Dialog+9&state=initiative")
        page_time, _ = measure(client, f"/dialoger/{Dialogue.objects.last().pk}/")
        print(
            f"{size:>10} {list_time * 1000:>9.1f} {list_queries:>7} "
            f"{search_time * 1000:>10.1f} {page_time * 1000:>8.1f}"
        )


if __name__ == "__main__":
    main()

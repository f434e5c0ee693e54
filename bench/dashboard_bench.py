"""How the dashboards scale (issue 11): queries and time per role as the dialogues grow.

Every situation a dashboard lists grows together: cases to register, decision points waiting
too long (under a profile whose deciders are a query of their own), planned decisions passed and
activities late. The queries should stay the same at every size and the time close to flat.

Run with `make bench`. Uses a throw-away SQLite database (or DATABASE_URL if set, whose
database is used as-is: point it at a scratch database).
"""

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:
    scratch = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from dialog.models import (  # noqa: E402
    Activity,
    Dialogue,
    PlannedDecisionPoint,
    State,
    TransitionLog,
)
from governance.models import PolicyProfile  # noqa: E402
from roles.models import Body, Membership  # noqa: E402

# Dialogues per situation (four situations); the default stays quick.
SIZES = (25, 250, 1000)
REPEAT = 5


def seed(per_situation: int, official, body, profile) -> None:
    have = Dialogue.objects.filter(state=State.INITIATIVE).count()
    n = per_situation - have
    if n <= 0:
        return
    today = timezone.localdate()
    now = timezone.now()

    def make(state, label, **extra):
        made = Dialogue.objects.bulk_create(
            [
                Dialogue(
                    title=f"{label} {have + i}",
                    body=body,
                    responsible_official=official,
                    initiated_by=official,
                    **extra,
                )
                for i in range(n)
            ],
            batch_size=500,
        )
        pks = [d.pk for d in made]
        Dialogue.objects.filter(pk__in=pks).update(state=state)
        return pks

    make(State.INITIATIVE, "Att registrera")
    waiting = make(State.MANDATE_DECISION, "Väntar", policy_profile=profile)
    TransitionLog.objects.bulk_create(
        [
            TransitionLog(
                dialogue_id=pk,
                transition="submit",
                source=State.INITIATIVE,
                target=State.MANDATE_DECISION,
                by=official,
                at=now - timedelta(days=45),
            )
            for pk in waiting
        ],
        batch_size=500,
    )
    late = make(State.EXECUTION, "Genomförs")
    PlannedDecisionPoint.objects.bulk_create(
        [
            PlannedDecisionPoint(dialogue_id=pk, point="final", planned_on=today - timedelta(3))
            for pk in late
        ],
        batch_size=500,
    )
    Activity.objects.bulk_create(
        [
            Activity(
                dialogue_id=pk,
                title="Dialogcafé",
                starts_at=now - timedelta(days=2),
                responsible=official,
            )
            for pk in late
        ],
        batch_size=500,
    )
    make(State.LAUNCH_DECISION, "Att besluta")


def measure(client) -> tuple[float, int, int]:
    client.get("/")  # warm-up
    best = float("inf")
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get("/")
            best = min(best, time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return best, len(queries), len(response.content)


def main() -> None:
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    body, _ = Body.objects.get_or_create(
        code="KS", defaults={"name": "Kommunstyrelsen", "kind": Body.Kind.EXECUTIVE_BOARD}
    )
    profile, _ = PolicyProfile.objects.get_or_create(
        key="bench-ks", defaults={"name": "KS beslutar", "mandate_decided_by": "executive_board"}
    )
    clients = {}
    for role in (Membership.Role.OFFICIAL, Membership.Role.CHAIR, Membership.Role.SECRETARY):
        user, created = get_user_model().objects.get_or_create(username=f"bench-{role}")
        if created:
            Membership.objects.create(person=user, body=body, role=role)
        client = Client()
        client.force_login(user)
        clients[str(role)] = (user, client)
    official = clients[str(Membership.Role.OFFICIAL)][0]
    print(f"Dashboards (at most {settings.DASHBOARD_ROWS} rows a list)")
    print(f"{'dialogues':>10} {'role':>10} {'ms':>8} {'queries':>8} {'kB':>6}")
    for size in SIZES:
        seed(size, official, body, profile)
        total = Dialogue.objects.count()
        for role, (_user, client) in clients.items():
            best, queries, length = measure(client)
            print(f"{total:>10} {role:>10} {best * 1000:>8.1f} {queries:>8} {length / 1024:>6.0f}")


if __name__ == "__main__":
    main()

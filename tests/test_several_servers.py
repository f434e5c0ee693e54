"""The production set-up with several servers: two gunicorn servers, one PostgreSQL, one Redis.

Two gunicorn servers on their own ports serve the test's PostgreSQL database,
with REDIS_URL pointing at a Redis database of their own (TEST_REDIS_URL, by default db 14 on
127.0.0.1). What the servers read, the test writes straight into that database (a transactional
test commits as it goes). DEBUG is on only because the production static-file storage needs
`collectstatic` first; sessions, cache and database are production's.

What it proves: a session made on one server is valid on the other and ends on both when it is
ended on one (the session is read through the shared Redis cache); the log-in lock-out counts
attempts on both servers together; and a final decision and a rejection posted at the same moment
to different servers never both land: one wins, the other is answered 409.
"""

import os
import pickle
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_CACHE_PREFIX
from django.db import connection
from django.urls import reverse

from core.people import person_label
from dialog.models import Decision, DecisionPoint, Dialogue, State, TransitionLog
from roles.models import Membership
from tests.factories import Cast, make_dialogue, make_meeting, make_member, put_in_state
from tests.live_processes import free_port, start, stop, wait_for_port

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (set DATABASE_URL): the servers are separate processes sharing "
        "the test database, which SQLite's in-memory test database cannot be",
    ),
    # Transactional: the servers must see the test's rows, so they are committed (and this
    # file runs in tests/conftest.py's transactional group).
    pytest.mark.django_db(transaction=True),
]

GUNICORN = Path(sys.executable).with_name("gunicorn")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
PASSWORD = "several-servers-123"
FAILURE_LIMIT = 3
TRIES = 20
# Django's cache keys are "<KEY_PREFIX>:<VERSION>:<key>"; the settings set no prefix.
SESSION_KEY = f":1:{SESSION_CACHE_PREFIX}{{}}"


def _database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture(scope="module")
def shared_redis():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not answering at {REDIS_URL} ({exc}); .ci/run starts it")
        pytest.skip(f"needs Redis at {REDIS_URL} (TEST_REDIS_URL): {exc}")
    yield client
    # Only the sessions' cached copies; they are in the database too, so a server that misses
    # one reads the database.
    for key in client.scan_iter(match=SESSION_KEY.format("*")):
        client.delete(key)
    client.close()


@pytest.fixture(scope="module")
def servers(django_db_setup, shared_redis, tmp_path_factory):
    """The base URLs of two gunicorn servers on the test database and the shared Redis."""
    folder = tmp_path_factory.mktemp("servers")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_ALLOW"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=_database_url(),
        REDIS_URL=REDIS_URL,
        SECRET_KEY="the-same-secret-key-on-every-server",
        DEBUG="1",
        # No connection outlives a request, so nothing holds the test database when the test
        # flushes or drops it.
        CONN_MAX_AGE="0",
        LOGIN_FAILURE_LIMIT=str(FAILURE_LIMIT),
        MEDIA_ROOT=str(folder / "media"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    running, urls = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = folder / f"{name}.log"
            # One worker each: two processes are what the race needs, and every worker pays
            # its first request (the URLs, the templates) once. --preload loads Django before
            # the port opens, so that waiting for the port waits for it.
            command = [
                *(str(GUNICORN), "config.wsgi", "--preload", "-w", "1"),
                *("-b", f"127.0.0.1:{port}"),
            ]
            process = start(command, env, log)
            running.append(process)
            wait_for_port(port, process, log)
            urls.append(f"http://127.0.0.1:{port}")
        yield urls
    finally:
        for process in running:
            stop(process)


def _with_password(user):
    # The tests' session-wide MD5 hasher is unknown to the servers, which use Django's default.
    # One iteration costs the test nothing; the servers upgrade it as they would any old hash.
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1)
    user.save(update_fields=["password"])
    return user


def _client(base_url, cookies=None) -> httpx.Client:
    return httpx.Client(base_url=base_url, cookies=cookies, timeout=60)


def _csrf(client) -> str:
    if "csrftoken" not in client.cookies:
        client.get(reverse("login"))
    return client.cookies["csrftoken"]


def _log_in(client, username, password=PASSWORD) -> httpx.Response:
    _csrf(client)
    return client.post(
        reverse("login"),
        data={"username": username, "password": password, "csrfmiddlewaretoken": _csrf(client)},
    )


def _post_action(client, dialogue_pk, name, *, meeting, paragraph) -> httpx.Response:
    """A committee secretary records the body's decision at `meeting` from the minutes."""
    return client.post(
        reverse("dialog:action", args=[dialogue_pk, name]),
        data={
            "csrfmiddlewaretoken": _csrf(client),
            "expected_state": State.DECISION,
            "meeting": meeting.pk,
            "paragraph": paragraph,
            "text": "Beslut enligt förslaget.",
        },
    )


def _final_decisions(dialogue_pk) -> list[str]:
    return list(
        Decision.objects.filter(dialogue_id=dialogue_pk, point=DecisionPoint.FINAL).values_list(
            "outcome", flat=True
        )
    )


def test_a_session_from_one_server_works_on_the_other_and_a_race_across_them_is_decided_once(
    servers, shared_redis
):
    a, b = servers
    cast = Cast()
    # Decisions are the body's, recorded from the minutes by its committee secretaries (two here,
    # racing); each records under its own §, so the row lock alone decides who wins.
    secretary = _with_password(cast.clerk)
    other_secretary = _with_password(
        make_member(cast.body, Membership.Role.SECRETARY, first_name="Vera")
    )
    meeting = make_meeting(cast.body)
    dialogues = [put_in_state(make_dialogue(cast), State.DECISION) for _ in range(TRIES)]

    # The first secretary logs in on A.
    on_a = _client(a)
    assert _log_in(on_a, secretary.username).status_code == 302
    session = on_a.cookies["sessionid"]
    # A put the session into the shared cache as well as the database.
    cached = shared_redis.get(SESSION_KEY.format(session))
    assert cached is not None
    assert pickle.loads(cached)["_auth_user_id"] == str(secretary.pk)

    # B knows the secretary by A's cookie alone.
    secretary_on_b = _client(b, cookies={"sessionid": session, "csrftoken": _csrf(on_a)})
    dashboard = secretary_on_b.get(reverse("dialog:dashboard"))
    assert dashboard.status_code == 200, dashboard.headers.get("location")
    assert person_label(secretary) in dashboard.text
    page = secretary_on_b.get(reverse("dialog:action", args=[dialogues[0].pk, "decide"]))
    assert page.status_code == 200

    # The race: the secretary's final decision to A, the vice secretary's rejection to B, together.
    on_b = _client(b)
    assert _log_in(on_b, other_secretary.username).status_code == 302
    outcomes = []
    for dialogue in dialogues:
        together = threading.Barrier(2, timeout=30)
        answers = {}

        def post(
            side, client, name, paragraph, dialogue=dialogue, together=together, answers=answers
        ):
            together.wait()
            answers[side] = _post_action(
                client, dialogue.pk, name, meeting=meeting, paragraph=paragraph
            )

        number = 2 * len(outcomes) + 1
        threads = [
            threading.Thread(target=post, args=("decide", on_a, "decide", str(number))),
            threading.Thread(target=post, args=("reject", on_b, "reject", str(number + 1))),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        outcomes.append((dialogue.pk, {side: r.status_code for side, r in answers.items()}))

    for pk, statuses in outcomes:
        won = [side for side, status in statuses.items() if status == 302]
        # One side won (redirected to the dialogue); the other was refused with 409.
        assert len(won) == 1 and sorted(statuses.values()) == [302, 409], (pk, statuses)
        dialogue = Dialogue.objects.get(pk=pk)
        if won == ["decide"]:
            assert dialogue.state == State.DECISION, pk
            assert _final_decisions(pk) == [Decision.Outcome.APPROVED], pk
        else:
            assert dialogue.state == State.REJECTED, pk
            assert _final_decisions(pk) == [Decision.Outcome.REJECTED], pk
        assert TransitionLog.objects.filter(dialogue_id=pk).count() == 1, pk

    # The secretary logs out on B: the session ends on A too (gone from the database and the cache).
    logged_out = secretary_on_b.post(reverse("logout"), data={"csrfmiddlewaretoken": _csrf(on_a)})
    assert logged_out.status_code == 302
    assert shared_redis.get(SESSION_KEY.format(session)) is None
    again = on_a.get(reverse("dialog:dashboard"))
    assert again.status_code == 302
    # Anonymous again: the site's root sends A's visitor to the public start page.
    assert again.headers["location"] == reverse("public:start")
    for client in (on_a, on_b, secretary_on_b):
        client.close()


def test_failed_log_ins_on_both_servers_count_together(servers):
    a, b = servers
    clerk = _with_password(Cast().clerk)
    on_a, on_b = _client(a), _client(b)
    # FAILURE_LIMIT is 3: one wrong password on each server leaves the log-in open...
    assert _log_in(on_a, clerk.username, "wrong-password").status_code == 200
    assert _log_in(on_b, clerk.username, "wrong-password").status_code == 200
    # ...the third, on B, locks it (counted with A's); then A refuses even the right password.
    assert _log_in(on_b, clerk.username, "wrong-password").status_code == 429
    assert _log_in(on_a, clerk.username).status_code == 429
    on_a.close()
    on_b.close()

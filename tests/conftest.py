import pytest
from django.test import override_settings
from django.utils import translation

from tests.factories import Cast, make_dialogue


@pytest.fixture(autouse=True)
def _swedish():
    # The interface language is Swedish; tests read what a Swedish user reads.
    with translation.override("sv"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test's rows are rolled back, but the process's cache is not: choices, page copies and
    # rate-limit counts kept by an earlier test would describe rows that are gone.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def cast(db):
    return Cast()


@pytest.fixture
def dialogue(cast):
    return make_dialogue(cast)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    # The default PBKDF2 makes each test person cost ~0.3 s; tests need no real password hashing.
    # Session-wide, so that data built once for a module or the session is fast too.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _media_root(tmp_path_factory):
    # Uploads and stored PDFs (the demo's e-archive package among them) go to a folder of the
    # session's, never into the checkout's media/.
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


# -- The demo municipality, loaded once per session -------------------------------------------


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """`load_demo` run once per session (per xdist worker), kept as serialised rows and the
    command's output. The load is rolled back at once, so no other test sees the demo."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection, transaction

    output = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        # Tests run with DEBUG off, where the command refuses without --force.
        call_command("load_demo", force=True, stdout=output)
        rows = connection.creation.serialize_db_to_string()
        transaction.set_rollback(True)
    return rows, output.getvalue()


@pytest.fixture
def demo(demo_snapshot, db):
    """The demo municipality in this test's database; returns what `load_demo` printed.

    Copying the rows in costs a fifth of running the command (which goes through the services),
    and the test's transaction is rolled back as usual, so a test may change what it got."""
    from django.db import connection

    rows, output = demo_snapshot
    connection.creation.deserialize_db_from_string(rows)
    return output


# -- Parallel runs (pytest-xdist, `make test` runs --dist loadgroup) ----------------------------


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Give each test an xdist group, so a worker runs whole files and the transactional tests
    all together.

    By file, so module-scoped data (the rules walks' grid, the rendered reports) is built once.
    The transactional tests (the browser tests, PostgreSQL's concurrency tests) share one group,
    run in one worker in the order pytest-django gives them, after that worker's other database
    tests: their flush empties the catalogue the migrations seed, and the browser walk needs it
    (tests/browser/test_security_csp.py's name sorts after the walk for that reason).

    The transactional tests that copy the demo in (the crawl) go first among them: the snapshot
    holds the rows the migrations made, and after a flush those are made again under other ids
    (the content types by post_migrate), which the copy collides with."""
    slots = []
    for index, item in enumerate(items):
        transactional = _transactional(item)
        if transactional:
            slots.append(index)
        if item.get_closest_marker("xdist_group"):
            continue
        group = "transactional" if transactional else item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(group))
    # A stable reorder within the transactional tests' own places, whichever of this hook and
    # pytest-django's (which puts them after the others) runs first.
    ordered = sorted(
        (items[index] for index in slots),
        key=lambda item: "demo" not in getattr(item, "fixturenames", ()),
    )
    for index, item in zip(slots, ordered, strict=True):
        items[index] = item

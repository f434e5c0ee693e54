"""The rules walks share one `Grid` per module: built once, rolled back when the module ends."""

import pytest
from django.db import transaction

from tests.helpers import Grid


@pytest.fixture(scope="module")
def grid(django_db_setup, django_db_blocker):
    # Building the cast and its 25 dialogues for each of the ~120 tests of a file would cost
    # more than the walk itself. They live in a transaction opened around the whole module;
    # each test's own transaction (pytest-django's `db`) is a savepoint inside it, and the
    # module's rollback leaves the database as empty as it found it.
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = Grid()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def walk(grid, db):
    """The grid, inside the test's own transaction."""
    return grid

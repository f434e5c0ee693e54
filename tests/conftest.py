import pytest
from django.utils import translation

from tests.factories import Cast, make_dialogue


@pytest.fixture(autouse=True)
def _swedish():
    # The interface language is Swedish; tests read what a Swedish user reads.
    with translation.override("sv"):
        yield


@pytest.fixture
def cast(db):
    return Cast()


@pytest.fixture
def dialogue(cast):
    return make_dialogue(cast)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The default PBKDF2 makes each test person cost ~0.3 s; tests need no real password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

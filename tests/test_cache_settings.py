"""The cache and the sessions follow REDIS_URL; the log-in lock-outs are in the database.

As tests/test_settings.py, each case imports the settings in a fresh interpreter with a controlled
environment, the way a server process starts.
"""

import json
import os
import subprocess
import sys

from tests.live_processes import ROOT

READ = """
import json
from config import settings as s
print(json.dumps({
    "cache": s.CACHES["default"]["BACKEND"],
    "location": s.CACHES["default"].get("LOCATION", ""),
    "sessions": s.SESSION_ENGINE,
    "axes": s.AXES_HANDLER,
}))
"""


def start(**env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "-c", READ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**env) -> dict:
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_redis_each_process_has_its_own_cache_and_sessions_are_in_the_database():
    found = settings_with()
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    # Not cached_db: a per-process cache would keep a logged-out session alive elsewhere.
    assert found["sessions"] == "django.contrib.sessions.backends.db"


def test_redis_url_gives_the_shared_redis_cache_in_front_of_the_database_sessions():
    found = settings_with(REDIS_URL="redis://cache.example:6379/2")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["location"] == "redis://cache.example:6379/2"
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_cache_url_is_read_when_redis_url_is_not_set():
    found = settings_with(CACHE_URL="rediss://cache.example:6380/0")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["location"] == "rediss://cache.example:6380/0"


def test_a_cache_url_that_is_not_redis_is_refused_at_start():
    result = start(CACHE_URL="memcached://cache.example:11211")
    assert result.returncode != 0
    assert "REDIS_URL/CACHE_URL must be a redis://" in result.stderr


def test_login_lock_outs_are_kept_in_the_database_whatever_the_cache():
    for env in ({}, {"REDIS_URL": "redis://cache.example:6379/2"}):
        assert settings_with(**env)["axes"] == "axes.handlers.database.AxesDatabaseHandler"

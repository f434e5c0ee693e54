"""django-ratelimit is an installed app, so its system checks on the cache the rate limits count
in run; each configuration silences only what does not hold for its own cache."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.checks import run_checks
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent

READ = """
import json, django
django.setup()
from django.conf import settings as s
from django.core.checks import run_checks
print(json.dumps({
    "backend": s.CACHES["default"]["BACKEND"],
    "silenced": sorted(c for c in s.SILENCED_SYSTEM_CHECKS if c.startswith("django_ratelimit")),
    "found": sorted(m.id for m in run_checks(include_deployment_checks=True)
                    if m.id.startswith("django_ratelimit") and not m.is_silenced()),
}))
"""


def _checks_with(**env) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "CACHE_URL", "DATABASE_URL") and not k.startswith("PYTEST_")
    }
    result = subprocess.run(
        [sys.executable, "-c", READ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_app_is_installed_and_its_checks_pass_here():
    assert apps.is_installed("django_ratelimit")
    found = [m for m in run_checks(include_deployment_checks=True) if "ratelimit" in m.id]
    # The checks ran (they are registered) and what they say is silenced here, as
    # `manage.py check` shows it.
    assert found and all(m.is_silenced() for m in found)
    out = StringIO()
    call_command("check", stdout=out)
    assert "ratelimit" not in out.getvalue()


def test_its_checks_run_and_would_object_to_an_unshared_cache(settings):
    settings.SILENCED_SYSTEM_CHECKS = []
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    found = {m.id for m in run_checks() if m.id.startswith("django_ratelimit")}
    assert "django_ratelimit.E003" in found


def test_with_redis_only_the_warning_about_djangos_own_backend_is_silenced():
    found = _checks_with(REDIS_URL="redis://cache.example:6379/0")
    assert found["backend"] == "django.core.cache.backends.redis.RedisCache"
    assert found["silenced"] == ["django_ratelimit.W001"]  # E003 stays on
    assert found["found"] == []


def test_without_redis_the_one_process_cache_is_accepted():
    found = _checks_with()
    assert found["backend"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["silenced"] == ["django_ratelimit.E003", "django_ratelimit.W001"]
    assert found["found"] == []


def test_the_settings_silence_no_ratelimit_check_for_a_shared_cache():
    # E003 is about an unshared cache: never silenced when one is configured.
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        assert "django_ratelimit.E003" not in settings.SILENCED_SYSTEM_CHECKS

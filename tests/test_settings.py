"""Settings come from the environment; production refuses to start without a secret key.

Each case imports the settings in a fresh interpreter with a controlled environment, the way a
server process would start.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

READ = """
import json
from config import settings as s
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"],
    "name": str(s.DATABASES["default"]["NAME"]),
    "conn_max_age": s.DATABASES["default"]["CONN_MAX_AGE"],
    "debug": s.DEBUG,
    "allowed_hosts": s.ALLOWED_HOSTS,
    "email_backend": s.EMAIL_BACKEND,
    "staticfiles": s.STORAGES["staticfiles"]["BACKEND"],
    "secure_proxy": list(getattr(s, "SECURE_PROXY_SSL_HEADER", None) or []),
    "session_cookie_secure": getattr(s, "SESSION_COOKIE_SECURE", False),
    "municipality": s.MUNICIPALITY_NAME,
}))
"""

CONFIG_VARS = [
    "DATABASE_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "EMAIL_HOST",
    "CONN_MAX_AGE",
    "MUNICIPALITY_NAME",
    "SECURE_SSL_REDIRECT",
]


def start(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
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


def test_defaults_are_a_development_setup_on_sqlite():
    found = settings_with()
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"].endswith("db.sqlite3")
    assert found["debug"] is True
    assert found["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert found["municipality"] == "Exempelby kommun"


def test_database_url_chooses_postgresql():
    found = settings_with(
        DATABASE_URL="postgres://delaktig@db.example:5432/delaktig", CONN_MAX_AGE="0"
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["name"] == "delaktig"
    assert found["conn_max_age"] == 0


def test_production_without_a_secret_key_does_not_start():
    result = start(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_is_hardened_behind_a_tls_balancer():
    found = settings_with(
        DEBUG="0",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="delaktig.exempelby.se, lb.internal",
        EMAIL_HOST="smtp.exempelby.se",
    )
    assert found["debug"] is False
    assert found["allowed_hosts"] == ["delaktig.exempelby.se", "lb.internal"]
    assert found["secure_proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["session_cookie_secure"] is True
    assert found["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert found["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"

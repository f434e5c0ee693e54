"""Issue 8, item 6: login throttling, password change, the admin allow-list, the client address
behind trusted proxies, the production deploy check, the Content-Security-Policy and refusals
logged as one line."""

import logging
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from core.net import client_ip
from tests.factories import make_person, make_superuser

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "test-password-123"
LOGIN = "/logga-in/"


# -- The client's address ---------------------------------------------------------------------


def _request(remote="192.0.2.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("192.0.2.1", "198.51.100.9")) == "192.0.2.1"


def test_forwarded_for_is_read_from_the_right_skipping_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    # The client wrote 6.6.6.6 itself; the balancer appended the address it saw, then an
    # internal proxy appended the balancer's.
    request = _request("10.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2")
    assert client_ip(request) == "203.0.113.9"


def test_a_request_not_from_a_trusted_proxy_cannot_claim_an_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("198.51.100.7", "127.0.0.1")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("", "10.0.0.1"),  # the proxy itself
        ("10.0.0.3, 10.0.0.2", "10.0.0.3"),  # all trusted: the farthest one
        ("203.0.113.9:51234", "203.0.113.9"),  # port written by the proxy
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("::ffff:203.0.113.9", "203.0.113.9"),  # IPv4-mapped IPv6
        ("203.0.113.9, garbage, 10.0.0.2", "10.0.0.2"),  # nothing left of garbage is believed
    ],
)
def test_forwarded_for_forms(settings, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("10.0.0.1", forwarded)) == expected


def test_a_bad_network_in_the_environment_stops_the_start():
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env={**os.environ, "TRUSTED_PROXIES": "10.0.0.0/8,not-a-network"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "not-a-network" in result.stderr


# -- /admin/ only from the allowed networks ---------------------------------------------------


@pytest.fixture
def admin_user(db):
    return make_superuser()


def test_admin_is_refused_outside_the_allowed_networks(client, admin_user, settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    client.force_login(admin_user)
    response = client.get("/admin/", REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 403
    reason = gettext("The administration can only be reached from the municipality's network.")
    assert escape(reason) in response.content.decode()
    # The log-in form of the admin is behind the same wall.
    anonymous = Client()
    response = anonymous.post(
        "/admin/login/",
        {"username": admin_user.username, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in anonymous.session


def test_admin_answers_from_an_allowed_network(client, admin_user, settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["127.0.0.0/8", "192.0.2.0/24"]
    client.force_login(admin_user)
    assert client.get("/admin/", REMOTE_ADDR="192.0.2.44").status_code == 200
    assert client.get("/admin/", REMOTE_ADDR="127.0.0.1").status_code == 200


def test_admin_allow_list_behind_a_load_balancer(client, admin_user, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.ADMIN_ALLOWED_NETWORKS = ["192.0.2.0/24"]
    client.force_login(admin_user)
    inside = client.get("/admin/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert inside.status_code == 200
    # An outsider writing an allowed address into the header gets nowhere: the balancer
    # appended the real one.
    spoofed = client.get(
        "/admin/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10, 198.51.100.7"
    )
    assert spoofed.status_code == 403
    # The balancer's own address is not the municipality's network.
    assert client.get("/admin/", REMOTE_ADDR="10.0.0.1").status_code == 403


def test_admin_allows_only_loopback_by_default():
    from config import settings as project_settings

    if "ADMIN_ALLOWED_NETWORKS" in os.environ:
        pytest.skip("ADMIN_ALLOWED_NETWORKS is set in this environment")
    assert project_settings.ADMIN_ALLOWED_NETWORKS == ["127.0.0.0/8", "::1/128"]


# -- Login throttling (django-axes) -----------------------------------------------------------


def _try(client, username, password, ip="198.51.100.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def chair(db):
    return make_person(username="maria.holm")


def _lock(client, username, ip="198.51.100.1"):
    responses = [_try(client, username, "wrong", ip) for _ in range(20)]
    assert [r.status_code for r in responses[:19]] == [200] * 19
    return responses[-1]


def test_twenty_wrong_passwords_lock_the_login(client, chair, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        locked = _lock(client, chair.username)
    # The lock-out is in the log, with the username and the address.
    lockouts = [r.getMessage() for r in caplog.records if "Locking out" in r.getMessage()]
    assert len(lockouts) == 1
    assert "maria.holm" in lockouts[0] and "198.51.100.1" in lockouts[0]
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    page = locked.content.decode()
    assert gettext("Too many failed log-ins") in page
    cool_off = gettext(
        "The lock ends by itself %(minutes)s minutes after the last attempt. Each new attempt "
        "before then starts the wait again."
    ) % {"minutes": 30}
    assert escape(cool_off) in page
    # The right password does not help while the lock lasts.
    response = _try(client, chair.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_failure_is_recorded_without_the_password(client, chair, caplog):
    with caplog.at_level(logging.INFO):
        _try(client, chair.username, "Hemligt-gissat-7")
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == (chair.username, "198.51.100.1")
    assert "Hemligt-gissat-7" not in attempt.post_data
    assert "Hemligt-gissat-7" not in caplog.text


def test_nineteen_wrong_passwords_do_not_lock(client, chair):
    for _ in range(19):
        _try(client, chair.username, "wrong")
    response = _try(client, chair.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(chair.pk)
    # A successful log-in starts the count again.
    assert not AccessAttempt.objects.filter(username=chair.username).exists()


def test_a_lock_from_elsewhere_does_not_lock_the_chair_out(client, chair):
    assert _lock(client, chair.username, ip="203.0.113.66").status_code == 429
    # The chair, from the town hall, logs in as usual.
    response = _try(Client(), chair.username, PASSWORD, ip="192.0.2.10")
    assert response.status_code == 302
    # And someone else can log in from the locked-out address.
    other = make_person(username="johan.berg")
    assert _try(Client(), other.username, PASSWORD, ip="203.0.113.66").status_code == 302


def test_behind_a_load_balancer_the_lock_follows_the_client(client, chair, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    def attempt(password, forwarded, c=client):
        return c.post(
            LOGIN,
            {"username": chair.username, "password": password},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for _ in range(19):
        attempt("wrong", "203.0.113.66")
    assert attempt("wrong", "203.0.113.66").status_code == 429
    assert attempt(PASSWORD, "192.0.2.10", Client()).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, chair):
    _lock(client, chair.username)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert _try(client, chair.username, PASSWORD).status_code == 302


def test_an_administrator_unlocks_with_the_command(client, chair):
    _lock(client, chair.username)
    call_command("axes_reset_username", chair.username)
    assert _try(client, chair.username, PASSWORD).status_code == 302


# -- Password change --------------------------------------------------------------------------


def test_password_change_needs_a_login(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_every_user_changes_their_password(client, chair):
    client.force_login(chair)
    page = client.get(reverse("dialog:dashboard")).content.decode()
    assert f'href="{reverse("password_change")}"' in page  # in the user menu
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Ny-lösen-för-mötet-42",
            "new_password2": "Ny-lösen-för-mötet-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    chair.refresh_from_db()
    assert chair.check_password("Ny-lösen-för-mötet-42")
    # Still logged in on this device after the change.
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert gettext("Password changed") in done.content.decode()


def test_a_wrong_current_password_is_a_field_error(client, chair):
    client.force_login(chair)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "Ny-lösen-för-mötet-42",
            "new_password2": "Ny-lösen-för-mötet-42",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    chair.refresh_from_db()
    assert chair.check_password(PASSWORD)


# -- Refusals: one WARNING line each ----------------------------------------------------------


def _request_log(caplog):
    return [r for r in caplog.records if r.name.startswith("django.")]


def test_a_refusal_is_one_warning_line_without_traceback(client, admin_user, settings, caplog):
    settings.ADMIN_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    client.force_login(admin_user)
    with caplog.at_level(logging.INFO):
        assert client.get("/admin/?q=1", REMOTE_ADDR="203.0.113.5").status_code == 403
    records = _request_log(caplog)
    assert len(records) == 1
    record = records[0]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    line = logging.Formatter().format(record)
    assert "\n" not in line
    assert "Traceback" not in line
    assert f"user={admin_user.username}" in line
    assert "path=/admin/?q=1" in line
    reason = gettext("The administration can only be reached from the municipality's network.")
    assert f"reason={reason}" in line


def test_a_view_refusal_names_the_user_and_the_reason(client, dialogue, cast, caplog):
    client.force_login(cast.outsider)
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("dialog:detail", args=[dialogue.pk]))
    assert response.status_code == 403
    records = _request_log(caplog)
    assert len(records) == 1
    line = logging.Formatter().format(records[0])
    assert records[0].levelno == logging.WARNING and "Traceback" not in line
    assert line.startswith(f"Refused: user={cast.outsider.username} path=/dialoger/")
    assert not line.endswith("reason=-")


def test_a_refusal_from_a_service_logs_its_reasons(client, dialogue, cast, caplog):
    # The official may see the dialogue but not register the case: the service refuses.
    client.force_login(cast.official)
    with caplog.at_level(logging.INFO):
        response = client.post(reverse("dialog:register", args=[dialogue.pk]))
    assert response.status_code == 403
    reasons = response.context["reasons"]
    assert reasons
    records = _request_log(caplog)
    assert len(records) == 1
    line = logging.Formatter().format(records[0])
    assert line == (
        f"Refused: user={cast.official.username} path=/dialoger/{dialogue.pk}/diariefor/ "
        f"reason={'; '.join(str(r) for r in reasons)}"
    )


def test_a_csrf_failure_keeps_its_reason_on_one_line(chair, caplog):
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.INFO):
        response = client.post(LOGIN, {"username": chair.username, "password": PASSWORD})
    assert response.status_code == 403
    # Our page (the policy forbids the inline style of Django's own), saying what to do.
    assert "403_csrf.html" in [t.name for t in response.templates]
    assert gettext("The form could not be sent") in response.content.decode()
    records = _request_log(caplog)
    assert len(records) == 1
    line = logging.Formatter().format(records[0])
    assert "CSRF" in line and "user=anonymous" in line and "\n" not in line


# -- Content-Security-Policy ------------------------------------------------------------------


def test_every_page_has_the_content_security_policy(client, chair):
    for response in (client.get(LOGIN), _try(client, chair.username, "wrong")):
        policy = response["Content-Security-Policy"]
        directives = dict(
            (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";"))
        )
        assert directives["default-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "script-src" not in directives and "style-src" not in directives


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:|hx-on",
    re.IGNORECASE,
)


def test_no_template_served_to_browsers_has_inline_script_or_style():
    # reports/templates/reports/pdf/ is rendered by WeasyPrint only, never served as HTML.
    templates = [
        path
        for pattern in ("templates/**/*.html", "*/templates/**/*.html")
        for path in ROOT.glob(pattern)
        if "reports/pdf" not in path.as_posix() and ".venv" not in path.parts
    ]
    assert templates
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in templates
        for match in INLINE.finditer(path.read_text())
    ]
    assert not found


def test_htmx_is_told_not_to_inject_its_style(client, chair):
    client.force_login(chair)
    page = client.get(reverse("dialog:dashboard")).content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in page
    css = (ROOT / "static/css/delaktig.css").read_text()
    assert ".htmx-indicator" in css


# -- Production settings: HSTS and the deploy check -------------------------------------------


def _readme_production_variables() -> dict:
    """The variables the README's production section exports, with the secrets filled in."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Production", 1)[1]
    lines = iter(section.split("export ", 1)[1].splitlines())
    block = [next(lines)]
    while block[-1].endswith("\\"):  # the command goes on while a line ends with a backslash
        block.append(next(lines))
    variables = dict(re.findall(r"([A-Z_]+)=(\S+)", " ".join(block)))
    assert {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"} <= set(variables)
    variables["SECRET_KEY"] = "x7!q9-a-long-random-production-secret-key-0b2c4e6g8i0k2m4o6q8s0u"
    # check --deploy does not connect to the database.
    variables["DATABASE_URL"] = variables["DATABASE_URL"].replace("...", "secret")
    return variables


PRODUCTION = _readme_production_variables()
OWN_VARIABLES = (
    "DATABASE_URL",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "TRUSTED_PROXIES",
    "ADMIN_ALLOWED_NETWORKS",
    "DJANGO_SETTINGS_MODULE",
    # Set by the browser tests' conftest for Playwright's sync API; never in production.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in OWN_VARIABLES}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_but_the_two_hsts_choices():
    result = _run(["manage.py", "check", "--deploy"])
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (3 silenced)." in result.stdout, result.stdout
    assert not re.search(r"\(\w+\.[WE]\d+\)", result.stdout + result.stderr)
    # The silenced ones are exactly the municipality's HSTS choices and django-ratelimit's
    # warning about Django's own Redis cache (config/settings.py says why); its error about an
    # unshared cache stays on with Redis.
    shown = _run(
        [
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings';"
            "django.setup(); from django.conf import settings as s;"
            "print(sorted(s.SILENCED_SYSTEM_CHECKS), s.SECURE_HSTS_SECONDS,"
            " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)",
        ]
    )
    assert shown.stdout.strip().endswith(
        "['django_ratelimit.W001', 'security.W005', 'security.W021'] 31536000 False False"
    ), shown.stderr


def test_the_municipality_can_choose_subdomains_and_preload():
    result = _run(
        [
            "-c",
            "from config import settings as s;"
            "print(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)",
        ],
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
    )
    assert result.stdout.strip() == "True True", result.stderr

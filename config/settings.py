"""Delaktig settings. Everything that differs between machines comes from the environment."""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# The development key is only acceptable while DEBUG is on; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_ratelimit",  # for its system checks on the cache the limits count in
    "core",  # the base template's tags, what every app shares, the records models (retention)
    "roles",
    "governance",
    "dialog",
    "reports",
    "participation",  # the residents' public pages
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "participation.middleware.PublicPageCacheMiddleware",  # before the session: see its docstring
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.InterfaceLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.AdminNetworkMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns the login page of a locked-out attempt into the lock-out page.
    "axes.middleware.AxesMiddleware",
    "config.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.municipality",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite shared by the web server and the task worker: WAL lets readers go on while one
    # writes; IMMEDIATE takes the write lock when a transaction begins, so a transaction that
    # read first never has to upgrade (which fails at once with "database is locked"); and the
    # timeout makes a writer wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dialog:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# The survey import (dialog/importers.py): sized for 100,000 rows of a few hundred characters.
# Files over Django's FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) go to a temporary file, never memory;
# DATA_UPLOAD_MAX_MEMORY_SIZE does not count file parts. Between preview and confirmation the
# file waits in default_storage under INPUT_IMPORT_DIR (media is never served), and
# `clear_stale_imports` removes what waits longer than INPUT_IMPORT_MAX_AGE_HOURS.
INPUT_IMPORT_MAX_ROWS = 100_000
INPUT_IMPORT_MAX_BYTES = 50 * 1024 * 1024
INPUT_IMPORT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # XLSX: the archive's members together
INPUT_IMPORT_DIR = "imports"
INPUT_IMPORT_MAX_AGE_HOURS = 24
# The largest justerat protokollsutdrag (PDF) the secretary may upload to a decision.
PROTOCOL_EXTRACT_MAX_BYTES = 20 * 1024 * 1024

# E-mail: the console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "delaktig@localhost")

# Cache: Redis when REDIS_URL (or CACHE_URL) is set, one cache for every server and process of
# the installation; otherwise each process keeps its own in memory. Several servers need Redis:
# what one process caches or drops, the others must see (README "Production").
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise RuntimeError("REDIS_URL/CACHE_URL must be a redis://, rediss:// or unix:// URL.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    # Sessions stay in the database, read through the shared cache: no session query per
    # request, and a log-out on one server ends the session on all of them.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The database alone: a per-process cache in front of it would keep a logged-out session
    # alive in the other processes.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The rate limits (django-ratelimit, the online form) count in the default cache, which must be
# shared by every process and increment atomically. Only the checks that do not hold for the
# cache chosen above are silenced:
# - Redis: django-ratelimit 4.1 knows only django-redis and memcached and warns (W001) about
#   Django's own RedisCache, which is shared and increments with Redis' atomic INCR
#   (jsocol/django-ratelimit#283). Its error about an unshared cache (E003) stays on.
# - Without REDIS_URL the installation is one process (the development server, a test run;
#   README "Production": REDIS_URL is required with more than one web process), so its own
#   memory is the only count there is.
RATELIMIT_SILENCED_CHECKS = (
    ["django_ratelimit.W001"] if REDIS_URL else ["django_ratelimit.E003", "django_ratelimit.W001"]
)
SILENCED_SYSTEM_CHECKS = [*RATELIMIT_SILENCED_CHECKS]

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# A PDF render running longer than this (seconds) is taken for dead and marked failed, so that
# it can be tried again (reports.services.fail_stuck_renders, run by the scheduler).
REPORT_RENDER_TIMEOUT = int(os.environ.get("REPORT_RENDER_TIMEOUT", "300"))
# The same for an e-archive export (reports.archive_exports): eight PDF/A renders and the zip.
ARCHIVE_EXPORT_TIMEOUT = int(os.environ.get("ARCHIVE_EXPORT_TIMEOUT", "900"))

# Periodic jobs: management commands run by `manage.py run_scheduler` (the `scheduler` line of
# the Procfile), each on an APScheduler cron trigger in TIME_ZONE. Later jobs register here.
PERIODIC_JOBS = {
    "send_reminders": {"hour": "7", "minute": "0"},
    "fail_stuck_reports": {"minute": "*"},
    "clear_stale_imports": {"minute": "17"},
    "send_notifications": {"minute": "*/5"},
    "delete_expired_addresses": {"hour": "3", "minute": "40"},
    "apply_retention": {"hour": "3", "minute": "50"},  # gallring (core.gallring)
}

# --- Security: client address, admin allow-list, login throttling, CSP (README "Security") ---
# Proxies in front of the application (CIDRs) whose X-Forwarded-For entries are believed; the
# client's address is the right-most entry not among them (core.net). Empty: REMOTE_ADDR.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
# Networks (CIDRs) from which /admin/ answers; elsewhere it refuses with a 403.
ADMIN_ALLOWED_NETWORKS = env_list("ADMIN_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128")
for _cidr in TRUSTED_PROXIES + ADMIN_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_cidr, strict=False)
    except ValueError as _exc:
        raise RuntimeError(
            f"Not a network in TRUSTED_PROXIES/ADMIN_ALLOWED_NETWORKS: {_cidr}"
        ) from _exc

# django-axes: failures are counted per username AND client address together, so that nobody
# can lock the chair out on meeting day by guessing from elsewhere. The lock ends after the
# cool-off or when an administrator unlocks it (`manage.py axes_reset_username NAME`).
# Attempts and lock-outs are rows in the database, so that they hold on every server (a cache
# handler would forget them with the per-process cache).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Log the username and address of a lock-out (the password is never logged).
AXES_SENSITIVE_PARAMETERS = []
AXES_VERBOSE = False  # no banner on every manage.py command

# django-csp 4: every page is served under this policy; no inline scripts, styles or handlers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "object-src": [csp.NONE],
    }
}

# Production hardening, on whenever DEBUG is off; a TLS-terminating load balancer
# sets X-Forwarded-Proto.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    # Subdomains and the browsers' preload list bind the municipality's whole domain to HTTPS,
    # which is the municipality's choice (README "Security"); so their deploy checks are
    # silenced rather than the choice made here.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W005", "security.W021"]

# The municipality the installation serves, shown in headers and reports.
MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "Exempelby kommun")

# The public pages (participation/): the address residents write to (the municipality's, never
# an official's own), and how long the server keeps a rendered page at most; a change to what a
# page shows drops it at once (participation/cache.py).
PUBLIC_CONTACT_EMAIL = os.environ.get("PUBLIC_CONTACT_EMAIL", "kommunen@exempelby.se")
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600"))

# Notifications (participation/notifications.py): the address links in e-mails start with (no
# request is at hand when the task queue sends them); how long a resident's address is kept
# after the feedback was sent to it, and at most when no feedback ever comes (the privacy notice
# states both; `delete_expired_addresses` deletes them); an official following a dialogue gets
# at most one e-mail per dialogue in this many minutes about views waiting for moderation.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
FEEDBACK_ADDRESS_RETENTION_DAYS = int(os.environ.get("FEEDBACK_ADDRESS_RETENTION_DAYS", "30"))
FEEDBACK_ADDRESS_MAX_DAYS = int(os.environ.get("FEEDBACK_ADDRESS_MAX_DAYS", "730"))
FOLLOWER_NOTIFICATION_MINUTES = int(os.environ.get("FOLLOWER_NOTIFICATION_MINUTES", "60"))

# The diarium that gives the case numbers (dialog/diarium.py; checked at start-up by
# dialog/checks.py). DIARIUM_MODE "own": Delaktig's own series, `KS 2026/14`, gapless per body
# and year. "external": the registrar types the number the municipality's diarium gave
# (DIARIUM_NAME, e.g. W3D3 or Public 360); it must match DIARIUM_NUMBER_PATTERN (a regular
# expression, matched in full), and DIARIUM_NUMBER_EXAMPLE is shown beside the field. The
# default pattern takes the seeds' forms: KS2016/55, KS 2017/429 and 2016-000003.
DIARIUM_MODE = os.environ.get("DIARIUM_MODE", "own").strip().lower()
DIARIUM_NAME = os.environ.get("DIARIUM_NAME", "").strip()
DIARIUM_NUMBER_PATTERN = os.environ.get(
    "DIARIUM_NUMBER_PATTERN", r"[A-ZÅÄÖ][A-ZÅÄÖ0-9-]* ?\d{4}/\d{1,6}|\d{4}-\d{6}"
)
DIARIUM_NUMBER_EXAMPLE = os.environ.get("DIARIUM_NUMBER_EXAMPLE", "KS 2026/14").strip()

# Dialogue lists page size.
DIALOGUES_PER_PAGE = 25
# Rows per list on the dashboards; a link opens the whole filtered list.
DASHBOARD_ROWS = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # A refusal (403) is one WARNING line with user, path and reason, not a traceback.
    "filters": {"one_line_refusals": {"()": "core.logfilters.OneLineRefusals"}},
    "loggers": {
        "django.request": {"filters": ["one_line_refusals"]},
        "django.security.csrf": {"filters": ["one_line_refusals"]},
    },
}

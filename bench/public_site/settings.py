"""Settings of bench/public_page.py's gunicorn servers: production's (DEBUG off, the shared
cache) plus the bare view's URLconf, the static files collected into the bench's own folder and
the bench's own cache-key prefix.

Read from the environment that bench/public_page.py sets:
- BENCH_STATIC_ROOT: where `collectstatic` put the files (DEBUG off serves the hashed names);
- BENCH_CACHE_PREFIX: prefix of every cache key, so the bench's keys in a shared Redis are its
  own and are deleted afterwards;
- BENCH_CACHE_DIR: set when no Redis answers: the file-based cache in that folder instead (also
  shared by the gunicorn workers; never the local-memory cache, which each process has alone).
"""

import os
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import CACHES

ROOT_URLCONF = "bench.public_site.urls"
STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
# The hashed names of production's storage without its compression of every file (gzip and
# brotli of the fonts take minutes on a busy machine): the pages' `{% static %}` work is the same,
# and the bench never fetches a static file.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

if os.environ.get("BENCH_CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["BENCH_CACHE_DIR"],
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "pubbench")

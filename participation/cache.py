"""The public pages' cache: each page's HTML kept with a key that holds a version, and the
version moved on whenever what the page shows changes, so a change shows at once.

- every dialogue has its own version (its page, its calendar file);
- the lists (start page, the calendar feed) carry the "lists" version, moved by any change to a
  published dialogue;
- a change whose dialogue cannot be told (a person's name, a body, a bulk change) moves the
  generation, which is part of every key.

The versions live in the shared cache (Redis in production), so every server sees a move. Saves
made with `QuerySet.update()` send no signal: PUBLIC_PAGE_CACHE_SECONDS bounds how long such a
change can stay unseen.

Each page has one slot, holding its HTML and the key it was built under: a reader whose key (from
the current versions) differs builds the page again. The public dialogue page, the one many load
at once, is served by participation.middleware in one round trip (the versions and the slot read
together), ahead of the session and the rest; bench/public_page.py measures it.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

PREFIX = "participation"
GENERATION = f"{PREFIX}:generation"
LISTS = f"{PREFIX}:lists"
# Apps whose data a public page shows: a save there may change a page.
WATCHED_APPS = {"dialog", "participation", "roles", "auth", "governance"}


def _dialogue_key(dialogue_id: int) -> str:
    return f"{PREFIX}:dialogue:{dialogue_id}"


def _read(*keys: str) -> list[int]:
    """The versions under `keys`, read in one round trip to the shared cache."""
    values = cache.get_many(keys)
    for key in keys:
        if values.get(key) is None:
            # A version unknown to the cache (first use, or evicted) starts from the clock, so
            # it never returns to a number an older cached page was stored under.
            value = time.time_ns()
            cache.add(key, value, timeout=None)
            values[key] = cache.get(key, value)
    return [values[key] for key in keys]


def _move(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not in the cache: any new value differs from what pages were keyed on
        cache.set(key, time.time_ns(), timeout=None)


def bump(dialogue_id: int | None = None) -> None:
    """Drop the cached pages that show `dialogue_id` (all of them for None), now and again when
    the transaction commits: a page rendered in between from the old rows is not kept."""

    def move():
        if dialogue_id is None:
            _move(GENERATION)
        else:
            _move(_dialogue_key(dialogue_id))
            _move(LISTS)

    move()
    transaction.on_commit(move)


def _digest(extra: str) -> str:
    return hashlib.sha256(extra.encode()).hexdigest()[:16] if extra else "-"


def _version_keys(dialogue_id: int | None) -> tuple[str, str]:
    return GENERATION, _dialogue_key(dialogue_id) if dialogue_id else LISTS


def _key(name, language, dialogue_id, versions, digest) -> str:
    parts = ":".join(str(version) for version in versions)
    return f"{PREFIX}:page:{name}:{language}:{dialogue_id or '-'}:{parts}:{digest}"


def _slot(key: str) -> str:
    """Where the page of `key` is kept: one slot per page (name, language, dialogue, extra), holding
    the key it was built under beside it, so that a moved version finds the slot's copy stale."""
    _prefix, _page, name, language, dialogue, *_versions, digest = key.split(":")
    return f"{PREFIX}:slot:{name}:{language}:{dialogue}:{digest}"


def page_key(name: str, language: str, *, dialogue_id: int | None = None, extra: str = "") -> str:
    versions = _read(*_version_keys(dialogue_id))
    return _key(name, language, dialogue_id, versions, _digest(extra))


def detail_extra() -> str:
    """What a dialogue's public page is keyed on besides its versions: the day (the online form's
    link shows from its opening to its closing day). participation.views.detail keys on the same."""
    return timezone.localdate().isoformat()


def cached(key: str, build):
    """`build()`'s value, kept for PUBLIC_PAGE_CACHE_SECONDS in its page's slot with `key`."""
    slot = _slot(key)
    entry = cache.get(slot)
    if entry is not None and entry[0] == key:
        return entry[1]
    value = build()
    cache.set(slot, (key, value), timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
    return value


def cached_detail_page(dialogue_id: int, language: str):
    """The cached copy of a dialogue's public page if it is current, else None; one round trip to
    the shared cache (the versions and the slot together). participation.middleware serves it."""
    version_keys = _version_keys(dialogue_id)
    digest = _digest(detail_extra())
    slot = f"{PREFIX}:slot:detail:{language}:{dialogue_id}:{digest}"
    values = cache.get_many([*version_keys, slot])
    entry = values.get(slot)
    if entry is None or any(values.get(key) is None for key in version_keys):
        return None
    versions = [values[key] for key in version_keys]
    if entry[0] != _key("detail", language, dialogue_id, versions, digest):
        return None
    return entry[1]


# -- Signals: which dialogue a saved row belongs to ----------------------------------------------


def _dialogue_of(sender, instance) -> int | None:
    from dialog.models import Dialogue

    if isinstance(instance, Dialogue):
        return instance.pk
    for attribute in ("dialogue_id",):
        value = getattr(instance, attribute, None)
        if value:
            return value
    page = getattr(instance, "public_dialogue", None)  # a publication event
    if page is not None:
        return page.dialogue_id
    return None


def _changed(sender, instance, **kwargs) -> None:
    meta = sender._meta
    if meta.app_label not in WATCHED_APPS or meta.model_name.startswith("historical"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # a log-in changes nothing residents see
    bump(_dialogue_of(sender, instance))


def _m2m_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _changed(type(instance), instance)


def connect_signals() -> None:
    post_save.connect(_changed, dispatch_uid="participation.cache.saved")
    post_delete.connect(_changed, dispatch_uid="participation.cache.deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="participation.cache.m2m")

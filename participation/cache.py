"""The public pages' cache: each page's HTML kept under a key that holds a version, and the
version moved on whenever what the page shows changes, so a change shows at once.

- every dialogue has its own version (its page, its calendar file);
- the lists (start page, the calendar feed) carry the "lists" version, moved by any change to a
  published dialogue;
- a change whose dialogue cannot be told (a person's name, a body, a bulk change) moves the
  generation, which is part of every key.

The versions live in the shared cache (Redis in production), so every server sees a move. Saves
made with `QuerySet.update()` send no signal: PUBLIC_PAGE_CACHE_SECONDS bounds how long such a
change can stay unseen.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

PREFIX = "participation"
GENERATION = f"{PREFIX}:generation"
LISTS = f"{PREFIX}:lists"
# Apps whose data a public page shows: a save there may change a page.
WATCHED_APPS = {"dialog", "participation", "roles", "auth", "governance"}


def _dialogue_key(dialogue_id: int) -> str:
    return f"{PREFIX}:dialogue:{dialogue_id}"


def _read(key: str) -> int:
    value = cache.get(key)
    if value is None:
        # A version unknown to the cache (first use, or evicted) starts from the clock, so it
        # never returns to a number an older cached page was stored under.
        value = time.time_ns()
        cache.add(key, value, timeout=None)
        value = cache.get(key, value)
    return value


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


def page_key(name: str, language: str, *, dialogue_id: int | None = None, extra: str = "") -> str:
    parts = [str(_read(GENERATION))]
    parts.append(str(_read(_dialogue_key(dialogue_id)) if dialogue_id else _read(LISTS)))
    digest = hashlib.sha256(extra.encode()).hexdigest()[:16] if extra else "-"
    return f"{PREFIX}:page:{name}:{language}:{dialogue_id or '-'}:{':'.join(parts)}:{digest}"


def cached(key: str, build):
    """`build()`'s value, kept under `key` for PUBLIC_PAGE_CACHE_SECONDS."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
    return value


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

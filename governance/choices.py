"""The register filters' choices (the types, the adopting bodies and the keywords in use), kept in
the shared cache (Redis in production) under a version that any change to them moves.

The adopting-body select lists every body that adopted a document, hundreds at national scale:
reading and labelling them took a fifth of the search page. A save or deletion of a document,
a type, a keyword or a body (and a document's keywords changed) moves the version, now and
again when the transaction commits, as participation.cache does for the public pages. Writes
that send no signal (`QuerySet.update()`, bulk inserts: generate_scale) are seen at the latest
after CHOICES_CACHE_SECONDS. Only what the selects show comes from here: a chosen value is
still checked against the database by the filter's own queryset.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

PREFIX = "governance:filter-choices"
VERSION = f"{PREFIX}:version"
SLOT = f"{PREFIX}:slot"
CHOICES_CACHE_SECONDS = 600
# Whose rows the choices show: a body's name and code label it, a type or keyword is listed.
WATCHED = {("governance", "steeringdocument"), ("governance", "documenttype"), ("roles", "body")}
WATCHED |= {("governance", "keyword"), ("governance", "steeringdocument_keywords")}


def _move() -> None:
    try:
        cache.incr(VERSION)
    except ValueError:  # not in the cache: any new value differs from what was kept
        cache.set(VERSION, time.time_ns(), timeout=None)


def bump() -> None:
    """Drop the kept choices, now and when the transaction commits: choices read in between
    from the old rows are not kept."""
    _move()
    transaction.on_commit(_move)


def filter_choices(build) -> dict[str, list[tuple[int, str]]]:
    """The choices `build()` reads ({filter name: [(pk, label), ...]}), from the cache while
    the version holds: one round trip (the version and the slot read together)."""
    values = cache.get_many([VERSION, SLOT])
    version, entry = values.get(VERSION), values.get(SLOT)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    if version is None:
        # Unknown to the cache (first use, or evicted): from the clock, never an older number.
        cache.add(VERSION, time.time_ns(), timeout=None)
        version = cache.get(VERSION)
    choices = build()
    cache.set(SLOT, (version, choices), timeout=CHOICES_CACHE_SECONDS)
    return choices


def _changed(sender, **kwargs) -> None:
    meta = sender._meta
    if (meta.app_label, meta.model_name) in WATCHED:
        bump()


def _m2m_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        _changed(sender)


def _migrated(sender, **kwargs) -> None:
    # A flush (test databases) or migration: rows may have gone without signals. Once per run
    # (sent for every app).
    if sender.label == "governance":
        _move()


def connect_signals() -> None:
    post_save.connect(_changed, dispatch_uid="governance.choices.saved")
    post_delete.connect(_changed, dispatch_uid="governance.choices.deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="governance.choices.m2m")
    post_migrate.connect(_migrated, dispatch_uid="governance.choices.migrated")

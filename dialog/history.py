"""What changed in one history row against the one before it (issue 15, the history page).

simple-history keeps a row per save of every tracked record; `changes()` turns a row and its
predecessor into lines a reader understands: the field's label (its verbose_name), the value
before and after as shown on the pages (choices by their display name, a foreign key by its
str, yes/no, dates), and a long text as a word diff with the insertions and deletions marked
(escaped first, so nothing typed into a field becomes markup).

The fields a form edits are diffed by simple-history's `diff_against`; those a service sets
(the state, the case number, the cancel reason, the withdrawal) are compared here the same way,
as `diff_against` reads only editable fields. Many-to-many fields are read from the prefetched
history (`diff_against` would query once per row). Related records' labels come from `Labels`,
filled with one query per related model for a whole page.
"""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.people import person_label

# Not shown: what every save changes, and the keys that tie a record to its dialogue.
SKIPPED = {"id", "created_at", "updated_at", "dialogue", "proposal"}
WITHDRAWAL = ("withdrawn_at", "withdrawn_by", "withdrawal_reason")
# A text longer than this, or on more than one line, is shown as a diff.
LONG_TEXT = 80
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class Change:
    label: str
    old: str = ""
    new: str = ""
    # A long text: one marked-up string instead of old and new.
    diff: SafeString | None = None


@dataclass
class Entry:
    """One history row shown: who, when, which record, what changed."""

    at: object
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted, "timeline" a transition
    model_label: str
    object_label: str
    source: str  # the history source's key (for the record's own history link)
    object_id: int | None
    changes: list[Change] = field(default_factory=list)
    withdrawn: bool = False
    withdrawal_reason: str = ""
    # A transition of the timeline.
    action: str = ""
    comment: str = ""


class Labels:
    """The str of related records, fetched once per related model for all the rows of a page
    (`_base_manager`: a withdrawn record is still named)."""

    def __init__(self):
        self.wanted: dict[type, set] = defaultdict(set)
        self.found: dict[type, dict] = {}

    def want(self, model, pk) -> None:
        if pk is not None:
            self.wanted[model].add(pk)

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            self.found[model] = model._base_manager.in_bulk(pks)

    def of(self, model, pk) -> str:
        if pk is None:
            return ""
        obj = self.found.get(model, {}).get(pk)
        if obj is None:
            return _("(removed: %(pk)s)") % {"pk": pk}
        if getattr(obj, "get_username", None):
            return person_label(obj)
        return str(obj)


def tracked_fields(model) -> list:
    """The tracked model's own fields that the history page shows."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED and f.name not in WITHDRAWAL and not f.primary_key
    ]


def m2m_fields(model) -> list:
    history = model.history.model
    return list(getattr(history, "_history_m2m_fields", []) or [])


def want_labels(model, rows, labels: Labels) -> None:
    """Note the related records the rows name, to fetch them all at once."""
    fks = [f for f in tracked_fields(model) if f.is_relation]
    for row in rows:
        for f in fks:
            labels.want(f.related_model, getattr(row, f.attname))
        for f in m2m_fields(model):
            for pk in m2m_ids(row, f):
                labels.want(f.related_model, pk)


def m2m_accessor(model, m2m_field) -> str:
    """The name under which a history row's many-to-many snapshot is prefetched: the reverse
    accessor of simple-history's m2m history model (one snapshot per history row)."""
    history = model.history.model
    through = m2m_field.remote_field.through
    for rel in history._meta.related_objects:
        if (
            rel.field.name == "history"
            and getattr(rel.related_model, "instance_type", None) is through
        ):
            return rel.get_accessor_name()
    raise LookupError(f"{model.__name__}.{m2m_field.name} has no m2m history")


def m2m_prefetches(model) -> list[str]:
    return [m2m_accessor(model, f) for f in m2m_fields(model)]


def m2m_ids(row, m2m_field) -> list:
    """The ids a history row's many-to-many field held, from the prefetched snapshot."""
    target = m2m_field.m2m_reverse_field_name()
    snapshot = getattr(row, m2m_accessor(type(row).instance_type, m2m_field)).all()
    return sorted(getattr(r, f"{target}_id") for r in snapshot)


def show(f, value, labels: Labels) -> str:
    """A value as the pages show it."""
    if value is None or value == "":
        return ""
    if f.is_relation:
        return labels.of(f.related_model, value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(f, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(f, models.DateField):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(
            str(dict(getattr(f, "base_field", f).flatchoices or []).get(v, v)) for v in value
        )
    return str(value)


def is_long(f, old, new) -> bool:
    if not isinstance(f, models.TextField):
        return False
    texts = [str(v or "") for v in (old, new)]
    return any(len(t) > LONG_TEXT or "\n" in t for t in texts)


def text_diff(old: str, new: str) -> SafeString:
    """`old` changed into `new`, word by word: <del> what went, <ins> what came; escaped."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def _change(f, old, new, labels: Labels) -> Change:
    label = str(f.verbose_name)
    if is_long(f, old, new):
        return Change(label=label, diff=text_diff(str(old or ""), str(new or "")))
    return Change(label=label, old=show(f, old, labels), new=show(f, new, labels))


def changes(model, row, previous, labels: Labels) -> list[Change]:
    """What `row` changed against `previous` (None: the record was created, every value that
    is set is shown as new)."""
    fields = tracked_fields(model)
    by_name = {f.name: f for f in fields}
    result: list[Change] = []
    if previous is None:
        for f in fields:
            value = getattr(row, f.attname)
            if value not in (None, "", []):
                result.append(_change(f, None, value, labels))
        for f in m2m_fields(model):
            ids = m2m_ids(row, f)
            if ids:
                result.append(Change(label=str(f.verbose_name), new=_names(f, ids, labels)))
        return result
    editable = [f.name for f in fields if f.editable]
    delta = row.diff_against(previous, included_fields=editable)
    changed = set(delta.changed_fields)
    # The fields a service sets, compared the same way.
    changed |= {
        f.name
        for f in fields
        if not f.editable and getattr(row, f.attname) != getattr(previous, f.attname)
    }
    for name in sorted(changed, key=lambda n: [f.name for f in fields].index(n)):
        f = by_name[name]
        result.append(_change(f, getattr(previous, f.attname), getattr(row, f.attname), labels))
    for f in m2m_fields(model):
        before, after = m2m_ids(previous, f), m2m_ids(row, f)
        if before != after:
            result.append(
                Change(
                    label=str(f.verbose_name),
                    old=_names(f, before, labels),
                    new=_names(f, after, labels),
                )
            )
    return result


def _names(f, ids, labels: Labels) -> str:
    return ", ".join(labels.of(f.related_model, pk) for pk in ids)


def withdrawal(row, previous) -> tuple[bool, str]:
    """Whether `row` is the one that withdrew the record, and the reason given."""
    withdrawn_now = getattr(row, "withdrawn_at", None) is not None
    withdrawn_before = previous is not None and getattr(previous, "withdrawn_at", None)
    if withdrawn_now and not withdrawn_before:
        return True, row.withdrawal_reason
    return False, ""

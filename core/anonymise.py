"""Anonymising free text: what identifies a person directly is replaced by a marker.

Residents write their views in their own words, and some sign them: an e-mail address, a phone
number, a personal identity number (personnummer or samordningsnummer). The gallring handlers
replace these with MARKER and leave the rest of the view, which is the substance of the case.
Names and street addresses cannot be told from other words reliably and are not touched
(docs/records-and-retention.md says so).

The replacement is idempotent: a scrubbed text has nothing left to scrub.
"""

import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

EMAIL = re.compile(r"[\w.+%'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Personnummer / samordningsnummer: YYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD+NNNN (over 100 years).
IDENTITY_NUMBER = re.compile(r"(?<![\w/-])(?:19|20)?\d{2}[01]\d[0-9]\d[-+ ]?\d{4}(?![\w/-])")
# Swedish phone numbers: 070-123 45 67, 08-123 456 78, +46 70 123 45 67, 0701234567.
PHONE = re.compile(
    r"(?<![\w/+-])(?:\+46|0046|0)[\s-]?\(?\d{1,3}\)?(?:[\s-]?\d{2,4}){2,4}(?![\w/-])"
)

# A cheap pre-filter every database can run: text without "@" and without a digit has
# nothing to scrub.
CANDIDATE_REGEX = r"[@0-9]"


def marker() -> str:
    """The marker put in place of what was removed, in the installation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("[removed under gallring]")


def _phone(match: re.Match) -> bool:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return 8 <= digits <= 13


def scrub(text: str, mark: str | None = None) -> str:
    """`text` with e-mail addresses, identity numbers and phone numbers replaced by the marker."""
    if not text:
        return text
    mark = mark or marker()
    text = EMAIL.sub(mark, text)
    text = IDENTITY_NUMBER.sub(mark, text)
    return PHONE.sub(lambda m: mark if _phone(m) else m.group(0), text)


def needs_scrub(text: str) -> bool:
    return bool(text) and scrub(text, "\x00") != text


def scrub_rows(queryset, fields: list[str], *, apply: bool, batch: int = 500) -> int:
    """How many rows of `queryset` have something to scrub in `fields`; with `apply`, scrub
    them (bulk updates, no signals: no new history row repeats what was removed). Read in
    batches in primary-key order, so a large table is never held in memory."""
    model = queryset.model
    pk = model._meta.pk.attname
    queryset = queryset.order_by(pk).only(pk, *fields)
    mark = marker()
    changed, last = 0, None
    while True:
        page = queryset if last is None else queryset.filter(**{f"{pk}__gt": last})
        rows = list(page[:batch])
        if not rows:
            return changed
        last = getattr(rows[-1], pk)
        dirty = []
        for row in rows:
            touched = False
            for name in fields:
                value = getattr(row, name)
                new = scrub(value, mark)
                if new != value:
                    setattr(row, name, new)
                    touched = True
            if touched:
                dirty.append(row)
        changed += len(dirty)
        if apply and dirty:
            model._base_manager.bulk_update(dirty, fields)
        if len(rows) < batch:
            return changed


def excerpt(text: str, needle: str, width: int = 60) -> str:
    """The part of `text` around the first `needle` (case-insensitive), for an extract."""
    at = (text or "").lower().find(needle.lower())
    if at < 0:
        return (text or "")[: 2 * width]
    start, end = max(0, at - width), at + len(needle) + width
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")

"""Small counts: 1 to 4 people in a small place can be recognised, so such counts are never
published as numbers (pages say "fewer than 5"; open data leaves the value empty and flags it).

The threshold is the setting SMALL_COUNT_THRESHOLD (5 unless set). Shared by the public pages,
open data, PDFs, CSV exports and the follow-up; the template filter is core_tags' `small_count`."""

from django.conf import settings
from django.utils.translation import gettext as _


def threshold() -> int:
    return getattr(settings, "SMALL_COUNT_THRESHOLD", 5)


def is_small(count) -> bool:
    return isinstance(count, int) and 0 < count < threshold()


def suppressed(count) -> tuple[int | None, bool]:
    """(the count, or None when it is too small to publish; whether it was held back)."""
    return (None, True) if is_small(count) else (count, False)


def shown(count):
    """The count as pages and PDFs show it: "fewer than 5" for 1 to 4, else the count itself."""
    if is_small(count):
        return _("fewer than %(n)s") % {"n": threshold()}
    return count

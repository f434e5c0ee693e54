"""The municipality's diarium: which one gives the case numbers, and what its numbers look like.

Two modes, chosen in settings (DIARIUM_MODE, read from the environment):

- `own`: Delaktig's own series, `KS 2026/14`: the prefix is the code of the body whose diarium
  registers the case (`Body.registered_in`), numbered gapless per that body and year;
- `external`: the municipality's diarium (W3D3, Public 360, Platina, Ciceron, Evolution, ...)
  gives the number and the registrar types it; it must match DIARIUM_NUMBER_PATTERN (a regular
  expression, matched in full) and may be used once in the municipality.

`configuration_errors` is what the system check (dialog.checks) reports at start-up.
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _

OWN = "own"
EXTERNAL = "external"
MODES = (OWN, EXTERNAL)

# The name stored with a number from the own series.
OWN_NAME = "Delaktig"
# Dialogue.case_number's length.
MAX_LENGTH = 40


def mode() -> str:
    return str(getattr(settings, "DIARIUM_MODE", OWN) or OWN).strip().lower()


def is_external() -> bool:
    return mode() == EXTERNAL


def name() -> str:
    """The diarium whose numbers the cases get now: the configured one, or Delaktig's own."""
    return (settings.DIARIUM_NAME or "").strip() if is_external() else OWN_NAME


def example() -> str:
    return (getattr(settings, "DIARIUM_NUMBER_EXAMPLE", "") or "").strip()


def pattern() -> re.Pattern:
    return re.compile(settings.DIARIUM_NUMBER_PATTERN)


def matches(number: str) -> bool:
    return bool(number) and len(number) <= MAX_LENGTH and pattern().fullmatch(number) is not None


def not_matching_message() -> str:
    return _(
        "This is not a case number from %(diarium)s: write it as the diarium gave it, "
        "e.g. %(example)s."
    ) % {"diarium": name(), "example": example()}


def configuration_errors() -> list[tuple[str, str, str]]:
    """(id, message, hint) for each thing wrong with the diarium settings."""
    errors = []
    if mode() not in MODES:
        errors.append(
            (
                "dialog.E101",
                f"DIARIUM_MODE is {mode()!r}: it must be 'own' or 'external'.",
                "own: Delaktig numbers the cases (KS 2026/14); external: the registrar types "
                "the number the municipality's diarium gave.",
            )
        )
    try:
        compiled = pattern()
    except (re.error, TypeError) as exc:
        errors.append(
            (
                "dialog.E102",
                f"DIARIUM_NUMBER_PATTERN is not a valid regular expression: {exc}.",
                r"e.g. [A-ZÅÄÖ]+ ?\d{4}/\d+ for KS 2017/429 and KS2016/55, or \d{4}-\d{6} "
                "for 2016-000003.",
            )
        )
        compiled = None
    if mode() == EXTERNAL:
        if not (settings.DIARIUM_NAME or "").strip():
            errors.append(
                (
                    "dialog.E103",
                    "DIARIUM_NAME is empty: name the diarium whose numbers the cases get.",
                    "e.g. W3D3, Public 360, Platina, Ciceron or Evolution.",
                )
            )
        if compiled is not None and not (example() and compiled.fullmatch(example())):
            errors.append(
                (
                    "dialog.E104",
                    f"DIARIUM_NUMBER_EXAMPLE {example()!r} does not match "
                    f"DIARIUM_NUMBER_PATTERN {settings.DIARIUM_NUMBER_PATTERN!r}.",
                    "The example is shown to the registrar: give a number the diarium could "
                    "have given.",
                )
            )
    return errors

"""The registry of personal data: what each app stores, how long, and where an address is found.

Core imports none of our apps, so the apps come to it: each app that stores personal data
registers, from its AppConfig.ready() (via its own `retention` module),

- its **retention kinds** (`RetentionKind`): a key, a label, what personal data it holds, the
  legal minimum, a function counting what is due under a rule and one applying it. A rule in the
  admin (core.models.RetentionRule) names a kind and its period; `manage.py apply_retention`
  runs every kind's handler under its active rule and writes the gallring log. A handler
  anonymises free text or deletes rows of personal data (an address row), never a case record
  itself: a dialogue, decision, input, report or document stays, only its personal text goes;
- its **places** (`PersonalDataPlace`): given a normalised e-mail address, where it is stored
  (GDPR art. 15), and erasing it where no archive rule requires keeping it (art. 17).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

# -- Retention (gallring) ------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a handler found due, or changed: rows of the records themselves and rows of their
    history tables (simple-history keeps old values, which are anonymised in the same run)."""

    rows: int = 0
    history_rows: int = 0

    @property
    def total(self) -> int:
        return self.rows + self.history_rows

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(self.rows + other.rows, self.history_rows + other.history_rows)


@dataclass(frozen=True)
class RetentionKind:
    """One kind of personal data an app stores, and how it is thinned out.

    `due(cutoff=, now=)` counts what is due without changing anything; `apply(cutoff=, now=)`
    thins it out and returns what it changed. `cutoff` is `now` minus the rule's period: what
    became due (the feedback sent, the dialogue closed) at or before it is due. Both must be
    idempotent: what has been thinned out is never due again.

    `minimum_days` is the law's (or the municipality's fixed) minimum in code: no rule may set a
    shorter minimum. `default_days`, when given, is the period used while no rule is active (a
    promise made elsewhere, such as the privacy notice's); without it, nothing of the kind is
    thinned out until a rule is configured.
    """

    key: str
    label: str
    personal_data: str
    action: str  # "anonymise" or "delete"
    counted_from: str
    minimum_days: int
    due: Callable[..., Outcome]
    apply: Callable[..., Outcome]
    default_days: Callable[[], int] | None = None
    default_basis: str = ""


# -- Register extract and erasure ----------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One place an address is stored: which record, what is stored there, whether it can be
    erased, and if not, why it is kept."""

    place: str  # the PersonalDataPlace's key
    place_label: str
    record: str
    value: str
    stored_at: datetime | None = None
    erasable: bool = False
    kept_because: str = ""


@dataclass(frozen=True)
class PersonalDataPlace:
    """Where an app may store an e-mail address. `find(email)` lists the findings (a fixed
    number of queries, whatever they find); `erase(email)` erases the erasable ones and returns
    how many, or is None where the archive rules keep everything the place holds."""

    key: str
    label: str
    find: Callable[[str], list[Finding]]
    erase: Callable[[str], int] | None = None
    kept_because: str = ""


@dataclass
class _Registry:
    kinds: dict[str, RetentionKind] = field(default_factory=dict)
    places: dict[str, PersonalDataPlace] = field(default_factory=dict)


_registry = _Registry()


def register_retention(kind: RetentionKind) -> RetentionKind:
    """Register (or, on a second ready(), replace) a retention kind."""
    _registry.kinds[kind.key] = kind
    return kind


def register_place(place: PersonalDataPlace) -> PersonalDataPlace:
    _registry.places[place.key] = place
    return place


def retention_kinds() -> list[RetentionKind]:
    return sorted(_registry.kinds.values(), key=lambda k: k.key)


def retention_kind(key: str) -> RetentionKind | None:
    return _registry.kinds.get(key)


def kind_choices() -> list[tuple[str, str]]:
    """For RetentionRule.kind: every registered kind, by label."""
    return [(kind.key, kind.label) for kind in retention_kinds()]


def kind_label(key: str) -> str:
    kind = retention_kind(key)
    return str(kind.label) if kind else key


def places() -> list[PersonalDataPlace]:
    return sorted(_registry.places.values(), key=lambda p: p.key)

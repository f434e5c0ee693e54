"""What goes into each PDF, and what a dialogue still lacks for it.

Each builder returns a `rendering.Document`: its template, its context, its metadata and the list
`missing` of what the dialogue lacks. A document with anything missing is refused with that list
instead of being rendered half-empty. Builders only read.

Residents' input is shown as aggregates (counts by age band, gender and area) and, in the
dialogue report, as a few quotes per theme without any personal details: never a text together
with the demographics of the person who wrote it.

The package holds one module per document; this module re-exports what the rest of the code uses,
so callers keep writing `selectors.decision_basis(...)`.
"""

from .decision_basis import decision_basis
from .dialogue_report import QUOTES_PER_THEME, dialogue_report
from .extract import extract, latest_decision
from .follow_up import follow_up, follow_up_context, follow_up_title
from .offers import offers
from .periods import Period
from .periods import parse as parse_period
from .pieces import participation_aggregates, views_by_source
from .preflight import Preflight, preflight
from .reads import (
    dialogue_for_reports,
    dialogue_reports,
    find_by_case_number,
    follow_up_reports,
    latest_point,
    person_name,
    subject_for,
)
from .register import register

__all__ = [
    "QUOTES_PER_THEME",
    "Preflight",
    "decision_basis",
    "dialogue_for_reports",
    "dialogue_reports",
    "dialogue_report",
    "extract",
    "find_by_case_number",
    "Period",
    "follow_up",
    "follow_up_context",
    "follow_up_title",
    "parse_period",
    "follow_up_reports",
    "latest_decision",
    "latest_point",
    "offers",
    "participation_aggregates",
    "person_name",
    "preflight",
    "register",
    "subject_for",
    "views_by_source",
]

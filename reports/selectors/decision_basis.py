"""The decision basis for each decision point: mandate, launch and final decision.

It is the tjänsteskrivelse of the point (issue 12), built in `case_memo`: these names are
kept for the callers (the services, the preflight, the offers, the export command).
"""

from dialog.models import Dialogue

from ..rendering import Document
from .case_memo import case_memo, case_memo_missing, case_memo_title
from .reads import latest_point


def _decision_basis_missing(dialogue: Dialogue, point: str) -> list[str]:
    return case_memo_missing(dialogue, point)


def decision_basis_title(dialogue: Dialogue) -> str:
    return case_memo_title(dialogue)


def decision_basis(dialogue: Dialogue, point: str | None = None) -> Document:
    return case_memo(dialogue, point or latest_point(dialogue))

"""What a request for a document needs before it is queued: its title and what it lacks.

The document itself is built once, by the task that renders it. Asking here only for the
missing list and the title keeps a click from building the whole document (its counts and
quotes over every input) a second time just to throw it away.
"""

from dataclasses import dataclass

from dialog.models import InputItem

from ..models import Report
from .decision_basis import _decision_basis_missing, decision_basis_title
from .dialogue_report import _dialogue_report_missing, dialogue_report_title
from .extract import extract
from .follow_up import follow_up


@dataclass(frozen=True)
class Preflight:
    title: str
    missing: list[str]


def preflight(
    kind: str, *, dialogue=None, point="", decision=None, body=None, year=None, period=""
):
    if kind == Report.Kind.DECISION_BASIS:
        return Preflight(decision_basis_title(dialogue), _decision_basis_missing(dialogue, point))
    if kind == Report.Kind.DIALOGUE_REPORT:
        inputs = InputItem.objects.filter(dialogue=dialogue)
        return Preflight(
            dialogue_report_title(dialogue), _dialogue_report_missing(dialogue, inputs)
        )
    # The extract is a few fields, and the follow-up's missing list comes from its own counts:
    # these are built whole.
    if kind == Report.Kind.EXTRACT:
        document = extract(decision)
    elif kind == Report.Kind.FOLLOW_UP:
        document = follow_up(body, year, period or Report.Period.YEAR)
    else:
        raise ValueError(f"Unknown report kind {kind!r}")
    return Preflight(document.title, document.missing)

"""What a dialogue's reports page offers."""

from django.utils.translation import gettext as _

from dialog.models import DecisionPoint, Dialogue, InputItem

from ..models import Report
from .decision_basis import _decision_basis_missing
from .dialogue_report import _dialogue_report_missing
from .extract import extract_missing
from .reads import subject_for


def offers(dialogue: Dialogue) -> list[dict]:
    """Every document the dialogue could have, with what it lacks (empty: ready)."""
    items = []
    for point in (DecisionPoint.MANDATE, DecisionPoint.LAUNCH, DecisionPoint.FINAL):
        items.append(
            {
                "kind": Report.Kind.DECISION_BASIS,
                "label": _("Decision basis: %(point)s") % {"point": DecisionPoint(point).label},
                "point": point,
                "decision": None,
                "missing": _decision_basis_missing(dialogue, point),
                "subject": subject_for(Report.Kind.DECISION_BASIS, dialogue=dialogue, point=point),
            }
        )
    for decision in dialogue.decisions.all():
        items.append(
            {
                "kind": Report.Kind.EXTRACT,
                "label": _("Extract from Delaktig's register: %(decision)s, %(point)s")
                % {"decision": str(decision), "point": decision.get_point_display()},
                "point": "",
                "decision": decision,
                "missing": extract_missing(decision),
                "subject": subject_for(Report.Kind.EXTRACT, decision=decision),
            }
        )
    inputs = InputItem.objects.filter(dialogue=dialogue)
    items.append(
        {
            "kind": Report.Kind.DIALOGUE_REPORT,
            "label": _("Dialogue report"),
            "point": "",
            "decision": None,
            "missing": _dialogue_report_missing(dialogue, inputs),
            "subject": subject_for(Report.Kind.DIALOGUE_REPORT, dialogue=dialogue),
        }
    )
    return items

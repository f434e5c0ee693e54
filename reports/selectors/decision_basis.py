"""The decision basis for each decision point: mandate, launch and final decision."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dialog.models import Activity, DecisionPoint, Dialogue, InputItem, Mandate

from ..models import Report
from ..rendering import Document
from .pieces import (
    _document_line,
    _documents_it_rests_on,
    _fields,
    _header,
    _held_activities,
    participation_aggregates,
    views_by_source,
)
from .reads import latest_point, person_name


def _decision_basis_missing(dialogue: Dialogue, point: str) -> list[str]:
    missing = list(dialogue.registration_missing())
    if point == DecisionPoint.MANDATE:
        missing += dialogue.initiative_missing() + dialogue.mandate_missing()
    elif point == DecisionPoint.LAUNCH:
        missing += dialogue.mandate_missing()
        if not any(a.status != Activity.Status.CANCELLED for a in dialogue.activities.all()):
            missing.append(_("at least one planned activity in the plan"))
    else:
        proposal = getattr(dialogue, "proposal", None)
        if proposal is None or not proposal.points.all():
            missing.append(_("a proposal for decision with at least one numbered point"))
        if proposal is None or not proposal.dialogue_influence.strip():
            missing.append(_("how the dialogue changed the proposal"))
        if proposal is None or not proposal.economy.strip():
            missing.append(_("the economic consequences"))
        if proposal is None or not proposal.children_rights.strip():
            missing.append(_("the consequences for children's rights"))
        if not dialogue.inputs.exists():
            missing.append(_("the views collected in the dialogue"))
    return [str(m) for m in missing]


def decision_basis_title(dialogue: Dialogue) -> str:
    return str(_("Decision basis: %(title)s") % {"title": dialogue.title})


def decision_basis(dialogue: Dialogue, point: str | None = None) -> Document:
    point = point or latest_point(dialogue)
    point_label = str(DecisionPoint(point).label)
    mandate = getattr(dialogue, "mandate", None)
    proposal = getattr(dialogue, "proposal", None)
    missing = _decision_basis_missing(dialogue, point)
    title = decision_basis_title(dialogue)
    context = {
        "dialogue": dialogue,
        "point": point,
        "point_label": point_label,
        "mandate": mandate,
        "proposal": proposal,
        **_header(dialogue, _("Decision basis")),
        "background": _fields(dialogue, ["background", "why_dialogue", "future_decision"]),
        "documents": _documents_it_rests_on(dialogue, before_point=point),
        "changed_documents": [_document_line(d) for d in dialogue.changed_documents.all()],
    }
    inputs = InputItem.objects.filter(dialogue=dialogue)
    if point == DecisionPoint.MANDATE:
        context["summary"] = [
            s for s in (getattr(mandate, "purpose", ""), dialogue.question) if s and s.strip()
        ]
        context["mandate_fields"] = _fields(mandate, [name for name, _label in Mandate.REQUIRED])
        context["proposal_points"] = [
            (
                1,
                _(
                    "to give the mandate for the citizen dialogue “%(title)s” and approve the "
                    "mandate as described in this decision basis"
                )
                % {"title": dialogue.title},
            )
        ]
        context["consequences"] = _fields(mandate, ["budget_resources", "target_groups"])
    elif point == DecisionPoint.LAUNCH:
        activities = [a for a in dialogue.activities.all() if a.status != Activity.Status.CANCELLED]
        context["summary"] = [
            s for s in (getattr(mandate, "purpose", ""), dialogue.question) if s and s.strip()
        ]
        context["summary"].append(
            ngettext(
                "The plan has %(count)s activity.",
                "The plan has %(count)s activities.",
                len(activities),
            )
            % {"count": len(activities)}
        )
        context["mandate_fields"] = _fields(mandate, ["purpose", "influence", "target_groups"])
        context["activities"] = activities
        context["communication_items"] = list(dialogue.communication_items.all())
        context["planned_points"] = list(dialogue.planned_decision_points.all())
        context["proposal_points"] = [
            (
                1,
                _(
                    "to approve the plan for the citizen dialogue “%(title)s” as described in this "
                    "decision basis, and to start the dialogue"
                )
                % {"title": dialogue.title},
            )
        ]
        context["consequences"] = _fields(mandate, ["budget_resources", "target_groups"])
    else:
        themes = list(dialogue.themes.all())
        summary = getattr(getattr(dialogue, "compilation_summary", None), "summary", "")
        context["summary"] = [s for s in (summary,) if s.strip()]
        sources = views_by_source(dialogue)
        context["summary"].append(sources["sentence"])
        context["views_by_source"] = sources["rows"]
        context["themes"] = themes
        context["held_activities"] = _held_activities(dialogue)
        context["participation"] = participation_aggregates(inputs)
        context["presentation"] = getattr(dialogue, "results_presentation", None)
        context["proposal_points"] = (
            [(p.number, p.text) for p in proposal.points.all()] if proposal is not None else []
        )
        consequences = _fields(proposal, ["economy", "children_rights"])
        if proposal is not None and proposal.children_heard is not None:
            heard = _("Yes") if proposal.children_heard else _("No")
            comment = proposal.children_heard_comment.strip()
            consequences.append(
                (_("Have children been heard?"), f"{heard}. {comment}" if comment else heard)
            )
        consequences += _fields(proposal, ["equality", "environment"])
        context["consequences"] = consequences
    return Document(
        kind=Report.Kind.DECISION_BASIS,
        template="reports/pdf/decision_basis.html",
        context=context,
        title=str(title),
        subject=str(
            _("Decision basis for %(point)s, %(body)s, case %(case)s")
            % {"point": point_label, "body": dialogue.body.name, "case": dialogue.case_number}
        ),
        author=person_name(dialogue.responsible_official),
        keywords=[str(_("decision basis")), str(_("citizen dialogue")), dialogue.case_number or ""],
        missing=missing,
    )

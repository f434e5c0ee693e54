"""The dialogue report: what was asked, who took part, what residents said and what came of it."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dialog.models import Assignment, DecisionPoint, Dialogue, InputItem, Theme

from ..models import Report
from ..rendering import Document
from .pieces import _counts, _fields, _header, _held_activities, participation_aggregates
from .reads import person_name

QUOTES_PER_THEME = 3


def _quotes(theme: Theme) -> list[str]:
    """A few views filed under the theme: the text only, nothing about who wrote it."""
    return list(
        theme.inputs.filter(within_purpose=True)
        .order_by("received_on", "pk")
        .values_list("text", flat=True)[:QUOTES_PER_THEME]
    )


def _dialogue_report_missing(dialogue: Dialogue, inputs: QuerySet[InputItem]) -> list[str]:
    missing = []
    if not inputs.exists():
        missing.append(_("the views collected in the dialogue"))
    if not dialogue.themes.all():
        missing.append(_("the themes of the compiled results"))
    if dialogue.approved_decision(DecisionPoint.FINAL) is None:
        missing.append(_("a recorded final decision"))
    if not dialogue.action_items.all():
        missing.append(_("the action plan"))
    evaluation = getattr(dialogue, "evaluation", None)
    if evaluation is None or not evaluation.is_done:
        missing.append(_("a finished evaluation"))
    return [str(m) for m in missing]


def dialogue_report(dialogue: Dialogue) -> Document:
    inputs = InputItem.objects.filter(dialogue=dialogue)
    themes = list(dialogue.themes.all())
    mandate = getattr(dialogue, "mandate", None)
    evaluation = getattr(dialogue, "evaluation", None)
    held = _held_activities(dialogue)
    politicians = sorted(
        {person_name(p) for a in held for p in a.politicians.all()}
        | {
            person_name(a.person)
            for a in dialogue.assignments.all()
            if a.role == Assignment.Role.POLITICIAN
        }
    )
    off_topic = inputs.filter(within_purpose=False)
    title = _("Dialogue report: %(title)s") % {"title": dialogue.title}
    context = {
        "dialogue": dialogue,
        **_header(dialogue, _("Dialogue report")),
        "mandate": mandate,
        "asked": [(_("Question"), dialogue.question)]
        + _fields(mandate, ["purpose", "influence", "target_groups", "timeline"]),
        "held_activities": held,
        "politicians": politicians,
        "participation": participation_aggregates(inputs),
        "by_source": _counts(
            inputs.values_list("source", flat=True), InputItem.Source.choices, _("Not stated")
        ),
        "themes": [{"theme": t, "quotes": _quotes(t)} for t in themes],
        "off_topic_count": off_topic.count(),
        "forwarded_count": off_topic.filter(forwardings__isnull=False).distinct().count(),
        "offtopic_handling": getattr(mandate, "offtopic_handling", ""),
        "final_decision": dialogue.approved_decision(DecisionPoint.FINAL),
        "proposal": getattr(dialogue, "proposal", None),
        "feedback": getattr(dialogue, "resident_feedback", None),
        "actions": list(dialogue.action_items.all()),
        "evaluation": evaluation,
        "evaluation_fields": _fields(
            evaluation,
            [
                "purpose_comment",
                "methods_comment",
                "reach_comment",
                "accessibility_comment",
                "lessons_learned",
            ],
        ),
    }
    return Document(
        kind=Report.Kind.DIALOGUE_REPORT,
        template="reports/pdf/dialogue_report.html",
        context=context,
        title=str(title),
        subject=str(
            _("Report of the citizen dialogue %(title)s, case %(case)s")
            % {"title": dialogue.title, "case": dialogue.case_number or "—"}
        ),
        author=person_name(dialogue.responsible_official),
        keywords=[
            str(_("dialogue report")),
            str(_("citizen dialogue")),
            dialogue.case_number or "",
        ],
        missing=_dialogue_report_missing(dialogue, inputs),
    )

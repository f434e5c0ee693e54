"""The extract from the minutes of one decision."""

from django.utils.translation import gettext as _

from dialog.models import Decision, Dialogue

from ..models import Report
from ..rendering import Document
from .reads import subject_for


def latest_decision(dialogue: Dialogue, point: str | None = None) -> Decision | None:
    decisions = [d for d in dialogue.decisions.all() if not point or d.point == point]
    return max(decisions, key=lambda d: (d.decided_on, d.recorded_at, d.pk), default=None)


def extract(decision: Decision) -> Document:
    dialogue = decision.dialogue
    missing = list(dialogue.registration_missing())
    if not decision.paragraph:
        missing.append(_("the paragraph (§) of the decision in the minutes"))
    if not decision.text.strip():
        missing.append(_("the decision text"))
    bases = Report.objects.filter(
        kind=Report.Kind.DECISION_BASIS,
        subject=subject_for(Report.Kind.DECISION_BASIS, dialogue=dialogue, point=decision.point),
        status=Report.Status.DONE,
    ).order_by("version")
    title = _("Extract from the minutes: %(title)s") % {"title": dialogue.title}
    return Document(
        kind=Report.Kind.EXTRACT,
        template="reports/pdf/extract.html",
        context={
            "dialogue": dialogue,
            "decision": decision,
            "kind_label": _("Extract from the minutes"),
            "facts": [
                (_("Body"), decision.body.name),
                (_("Meeting date"), decision.decided_on.isoformat()),
                (_("Paragraph"), decision.paragraph_display or "—"),
                (_("Case number"), dialogue.case_number or "—"),
            ],
            "bases": list(bases),
        },
        title=str(title),
        subject=str(
            _("Extract from the minutes of %(body)s %(date)s %(paragraph)s, case %(case)s")
            % {
                "body": decision.body.name,
                "date": decision.decided_on.isoformat(),
                "paragraph": decision.paragraph_display,
                "case": dialogue.case_number,
            }
        ),
        author=decision.body.name,
        keywords=[str(_("extract from the minutes")), dialogue.case_number or ""],
        missing=[str(m) for m in missing],
    )

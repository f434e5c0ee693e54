"""Delaktig's own extract of one decision: an extract from Delaktig's register, never the signed
protocol. The authoritative extract is the justerat protokollsutdrag from the municipality's
meeting system, uploaded to the decision (reports.ProtocolExtract); this one says so, names the
uploaded version when there is one, and carries the justering and anslag dates, the appeal
notice (laglighetsprövning, kommunallagen 13 kap) and the "Rätt utdraget intygar" lines."""

from django.utils.translation import gettext as _

from dialog.models import Decision, Dialogue

from ..models import ProtocolExtract, Report
from ..rendering import Document
from .reads import subject_for


def latest_decision(dialogue: Dialogue, point: str | None = None) -> Decision | None:
    decisions = [d for d in dialogue.decisions.all() if not point or d.point == point]
    return max(decisions, key=lambda d: (d.decided_on, d.recorded_at, d.pk), default=None)


def _date(value) -> str:
    return value.isoformat() if value else "—"


def _meeting_of(decision: Decision):
    """The meeting whose minutes carry the decision: its own (a meeting decision) or the one it
    was reported to (delegation, urgent decision by the chair)."""
    if decision.kind == Decision.Kind.MEETING:
        return decision.meeting
    if decision.kind in Decision.REPORTED_KINDS:
        return decision.reported_meeting
    return None


def extract_missing(decision: Decision) -> list[str]:
    """What the extract lacks, without a query of its own (the reports page asks for every
    decision's)."""
    missing = list(decision.dialogue.registration_missing())
    if decision.kind == Decision.Kind.MEETING and not decision.paragraph:
        missing.append(_("the paragraph (§) of the decision in the minutes"))
    if not decision.text.strip():
        missing.append(_("the decision text"))
    return [str(m) for m in missing]


def extract(decision: Decision) -> Document:
    dialogue = decision.dialogue
    missing = extract_missing(decision)
    bases = Report.objects.filter(
        kind=Report.Kind.DECISION_BASIS,
        subject=subject_for(Report.Kind.DECISION_BASIS, dialogue=dialogue, point=decision.point),
        status=Report.Status.DONE,
    ).order_by("version")
    uploaded = ProtocolExtract.objects.filter(decision=decision).order_by("-version").first()
    meeting = _meeting_of(decision)
    adjusted_on = meeting.adjusted_on if meeting else None
    posted_on = meeting.posted_on if meeting else None

    facts = [
        (_("Body"), decision.body.name),
        (_("Decision form"), decision.get_kind_display()),
        (
            _("Meeting date") if decision.kind == Decision.Kind.MEETING else _("Decision date"),
            _date(decision.decided_on),
        ),
        (_("Paragraph"), decision.paragraph_display or "—"),
        (_("Case number"), dialogue.case_number or "—"),
    ]
    if decision.kind in Decision.REPORTED_KINDS:
        reported = decision.reported_meeting
        facts.append(
            (
                _("Reported to the body"),
                " ".join(
                    part
                    for part in (
                        _date(reported.held_on) if reported else _("not yet"),
                        f"§ {decision.reported_paragraph}" if decision.reported_paragraph else "",
                    )
                    if part
                ),
            )
        )
    if not decision.is_information:
        facts += [
            (_("Minutes adjusted (justering)"), _date(adjusted_on)),
            (_("Adjustment posted (anslag)"), _date(posted_on)),
            (_("Appeal period ends"), _date(decision.appeal_ends_on)),
        ]

    kind_label = _("Extract from Delaktig's register")
    title = _("Extract from Delaktig's register: %(title)s") % {"title": dialogue.title}
    return Document(
        kind=Report.Kind.EXTRACT,
        template="reports/pdf/extract.html",
        context={
            "dialogue": dialogue,
            "decision": decision,
            "kind_label": kind_label,
            "facts": facts,
            "bases": list(bases),
            "uploaded": uploaded,
            "meeting": meeting,
            "adjusted_on": adjusted_on,
            "posted_on": posted_on,
            "appeal_ends_on": decision.appeal_ends_on,
            "stands_on": decision.stands_on,
            "appealable": not decision.is_information
            and decision.outcome != Decision.Outcome.TABLED,
        },
        title=str(title),
        subject=str(
            _(
                "Extract from Delaktig's register of the decision of %(body)s %(date)s "
                "%(paragraph)s, case %(case)s: not the signed minutes"
            )
            % {
                "body": decision.body.name,
                "date": _date(decision.decided_on),
                "paragraph": decision.paragraph_display,
                "case": dialogue.case_number,
            }
        ),
        author=decision.body.name,
        keywords=[str(_("extract from Delaktig's register")), dialogue.case_number or ""],
        missing=missing,
    )

"""What goes into each PDF, and what a dialogue still lacks for it.

Each builder returns a `rendering.Document`: its template, its context, its metadata and the list
`missing` of what the dialogue lacks. A document with anything missing is refused with that list
instead of being rendered half-empty. Builders only read.

Residents' input is shown as aggregates (counts by age band, gender and area) and, in the
dialogue report, as a few quotes per theme without any personal details: never a text together
with the demographics of the person who wrote it.
"""

from collections import Counter
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.charts import bar_chart
from dialog.models import (
    ActionItem,
    Activity,
    AgeBand,
    Assignment,
    Decision,
    DecisionPoint,
    Dialogue,
    Gender,
    InputItem,
    Mandate,
    ParticipationLevel,
    PlannedDecisionPoint,
    State,
    Theme,
    TransitionLog,
)
from governance import selectors as governance_selectors
from governance.models import SteeringDocument
from roles.models import Body

from .models import Report
from .rendering import Document

QUOTES_PER_THEME = 3

# The decision point a dialogue is at or working towards, by state.
_POINT_BY_STATE = {
    State.INITIATIVE: DecisionPoint.MANDATE,
    State.MANDATE_DECISION: DecisionPoint.MANDATE,
    State.PLANNING: DecisionPoint.LAUNCH,
    State.LAUNCH_DECISION: DecisionPoint.LAUNCH,
    State.EXECUTION: DecisionPoint.FINAL,
    State.COMPILATION: DecisionPoint.FINAL,
    State.FEEDBACK: DecisionPoint.FINAL,
    State.PROCESSING: DecisionPoint.FINAL,
    State.DECISION: DecisionPoint.FINAL,
    State.CLOSED: DecisionPoint.FINAL,
}


def person_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


# -- Reads --------------------------------------------------------------------------------


def dialogue_for_reports(pk: int) -> Dialogue:
    """A dialogue with everything the documents show, in a fixed number of queries."""
    documents = SteeringDocument.objects.select_related("type", "adopting_body").order_by(
        "decision_date", "title"
    )
    return (
        Dialogue.objects.select_related(
            "body",
            "responsible_official",
            "initiated_by",
            "mandate",
            "proposal",
            "compilation_summary",
            "results_presentation__body",
            "resident_feedback",
            "evaluation",
        )
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("person")),
            Prefetch("decisions", queryset=Decision.objects.select_related("body", "recorded_by")),
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("method").prefetch_related("politicians"),
            ),
            "communication_items",
            Prefetch(
                "planned_decision_points",
                queryset=PlannedDecisionPoint.objects.select_related("body"),
            ),
            Prefetch(
                "themes",
                queryset=Theme.objects.annotate(input_count=Count("inputs")).order_by(
                    "-input_count", "name"
                ),
            ),
            "proposal__points",
            Prefetch("action_items", queryset=ActionItem.objects.select_related("responsible")),
            Prefetch("governing_documents", queryset=documents),
            Prefetch("changed_documents", queryset=documents),
            Prefetch("transitions", queryset=TransitionLog.objects.select_related("by")),
        )
        .get(pk=pk)
    )


def find_by_case_number(case_number: str) -> Dialogue | None:
    """The dialogue with this case number as shown ("KS 2026/14"), spaces normalised."""
    normalised = " ".join(case_number.split())
    pk = (
        Dialogue.objects.filter(case_number__iexact=normalised).values_list("pk", flat=True).first()
    )
    return dialogue_for_reports(pk) if pk else None


def latest_point(dialogue: Dialogue) -> str:
    """The decision point the dialogue is at or working towards; for an ended dialogue, the one
    where it stopped."""
    if dialogue.state in _POINT_BY_STATE:
        return _POINT_BY_STATE[dialogue.state]
    ending = next(
        (t for t in reversed(dialogue.transitions.all()) if t.target == dialogue.state), None
    )
    return _POINT_BY_STATE.get(ending.source if ending else State.INITIATIVE, DecisionPoint.MANDATE)


def dialogue_reports(dialogue: Dialogue) -> QuerySet[Report]:
    """Every document generated for the dialogue (its decisions' extracts included)."""
    return (
        Report.objects.filter(dialogue=dialogue)
        .select_related("created_by", "dialogue", "decision__body", "body")
        .order_by("kind", "point", "subject", "-version")
    )


def follow_up_reports(body: Body | None = None) -> QuerySet[Report]:
    reports = Report.objects.filter(kind=Report.Kind.FOLLOW_UP).select_related("created_by", "body")
    if body is not None:
        reports = reports.filter(body=body)
    return reports.order_by("-year", "body__name", "-version")


# -- Subjects -----------------------------------------------------------------------------


def subject_for(kind: str, *, dialogue=None, point="", decision=None, body=None, year=None) -> str:
    if kind == Report.Kind.DECISION_BASIS:
        return f"dialogue:{dialogue.pk}:point:{point}"
    if kind == Report.Kind.EXTRACT:
        return f"decision:{decision.pk}"
    if kind == Report.Kind.DIALOGUE_REPORT:
        return f"dialogue:{dialogue.pk}"
    if kind == Report.Kind.FOLLOW_UP:
        return f"body:{body.pk}:year:{year}"
    raise ValueError(f"Unknown report kind {kind!r}")


# -- Shared pieces ------------------------------------------------------------------------


def _header(dialogue: Dialogue, kind_label: str) -> dict:
    return {
        "kind_label": kind_label,
        "facts": [
            (_("Body"), dialogue.body.name),
            (_("Case number"), dialogue.case_number or "—"),
            (_("Date"), timezone.localdate().isoformat()),
            (_("Responsible official"), person_name(dialogue.responsible_official)),
        ],
    }


def _fields(instance, names) -> list[tuple[str, str]]:
    """(label, value) for the non-empty text fields of a model instance."""
    if instance is None:
        return []
    pairs = []
    for name in names:
        value = getattr(instance, name, "")
        if isinstance(value, str) and value.strip():
            label = str(type(instance)._meta.get_field(name).verbose_name)
            pairs.append((label[:1].upper() + label[1:], value))
    return pairs


def _document_line(document: SteeringDocument) -> dict:
    reference = " ".join(
        part
        for part in (
            document.adopting_body.code if document.adopting_body_id else "",
            document.decision_date.isoformat() if document.decision_date else "",
            f"§ {document.paragraph}" if document.paragraph else "",
        )
        if part
    )
    kind = document.type.name if document.type_id else _("Steering document")
    text = f"{kind}: {document.title}"
    if reference:
        text += f" ({reference})"
    if document.case_number:
        text += f", {_('case number')} {document.case_number}"
    return {"date": document.decision_date, "text": text}


def _decision_line(decision: Decision) -> dict:
    text = _("%(body)s, %(point)s: %(outcome)s") % {
        "body": decision.body.name,
        "point": decision.get_point_display(),
        "outcome": decision.get_outcome_display(),
    }
    if decision.paragraph:
        text += f" ({decision.paragraph_display})"
    return {"date": decision.decided_on, "text": text}


def _documents_it_rests_on(dialogue: Dialogue, *, before_point: str | None = None) -> list[dict]:
    """The dated list of documents a decision basis rests on: governing documents and the
    decisions taken in the case so far."""
    lines = [_document_line(d) for d in dialogue.governing_documents.all()]
    order = [DecisionPoint.MANDATE, DecisionPoint.LAUNCH, DecisionPoint.FINAL]
    for decision in dialogue.decisions.all():
        if before_point and order.index(decision.point) >= order.index(before_point):
            continue
        lines.append(_decision_line(decision))
    presentation = getattr(dialogue, "results_presentation", None)
    if before_point == DecisionPoint.FINAL and presentation and presentation.presented_on:
        lines.append(
            {
                "date": presentation.presented_on,
                "text": _("Results of the dialogue presented to %(body)s")
                % {"body": presentation.body.name if presentation.body_id else dialogue.body.name},
            }
        )
    return sorted(lines, key=lambda line: (line["date"] or date.min, line["text"]))


def _counts(values, choices, not_stated_label) -> list[tuple[str, int]]:
    """(label, count) in the choices' order; blanks counted as "not stated"; zeros left out."""
    counter = Counter(values)
    rows = [(str(label), counter.get(value, 0)) for value, label in choices]
    rows.append((str(not_stated_label), counter.get("", 0)))
    return [(label, n) for label, n in rows if n]


def participation_aggregates(inputs: QuerySet[InputItem]) -> dict:
    """Counts only: by age band, gender and area. Never a text with its demographics."""
    rows = list(inputs.values_list("age_band", "gender", "area"))
    areas = Counter(area.strip() or "" for _age, _gender, area in rows)
    not_stated = _("Not stated")
    area_rows = sorted(
        ((name, n) for name, n in areas.items() if name), key=lambda row: (-row[1], row[0])
    )
    if areas.get(""):
        area_rows.append((str(not_stated), areas[""]))
    return {
        "total": len(rows),
        "by_age": _counts([r[0] for r in rows], AgeBand.choices, not_stated),
        "by_gender": _counts(
            [r[1] for r in rows],
            [(v, label) for v, label in Gender.choices if v != Gender.NOT_STATED],
            not_stated,
        )
        if rows
        else [],
        "by_area": area_rows,
    }


def _held_activities(dialogue: Dialogue) -> list[Activity]:
    return [a for a in dialogue.activities.all() if a.status == Activity.Status.HELD]


def views_by_source(dialogue: Dialogue) -> dict:
    """Where the views came from, as they were registered: per activity, imported from a file,
    through the web form, or registered by hand (letters, e-mail, meetings). A view counts once:
    under its activity if it has one, else as imported if it came in a file.

    Gives {"total", "sentence", "rows": [(label, count)]}.
    """
    items = list(
        InputItem.objects.filter(dialogue=dialogue).values_list(
            "activity", "import_batch", "source"
        )
    )
    titles = {a.pk: a.title for a in dialogue.activities.all()}
    per_activity = Counter(activity for activity, _batch, _source in items if activity)
    rest = [(batch, source) for activity, batch, source in items if not activity]
    imported = sum(1 for batch, _source in rest if batch)
    online = sum(1 for batch, source in rest if not batch and source == InputItem.Source.WEB_FORM)
    by_hand = len(rest) - imported - online
    at_activities = sum(per_activity.values())
    parts = []
    if at_activities:
        parts.append(
            ngettext(
                "%(count)s at %(activities)s activity",
                "%(count)s at %(activities)s activities",
                len(per_activity),
            )
            % {"count": at_activities, "activities": len(per_activity)}
        )
    if imported:
        parts.append(
            ngettext("%(count)s imported", "%(count)s imported", imported) % {"count": imported}
        )
    if online:
        parts.append(_("%(count)s through the web form") % {"count": online})
    if by_hand:
        parts.append(
            ngettext("%(count)s registered by hand", "%(count)s registered by hand", by_hand)
            % {"count": by_hand}
        )
    total = len(items)
    if total:
        sentence = ngettext(
            "%(count)s view was received: %(sources)s.",
            "%(count)s views were received: %(sources)s.",
            total,
        ) % {"count": total, "sources": ", ".join(parts)}
    else:
        sentence = _("No views were received.")
    rows = [
        (_("At the activity “%(title)s”") % {"title": titles.get(pk, "")}, n)
        for pk, n in sorted(per_activity.items(), key=lambda row: (-row[1], titles.get(row[0], "")))
    ]
    rows += [
        (label, n)
        for label, n in (
            (_("Imported from a file"), imported),
            (_("Through the web form"), online),
            (_("Registered by hand (letters, e-mail, meetings)"), by_hand),
        )
        if n
    ]
    return {"total": total, "sentence": sentence, "rows": [(str(lb), n) for lb, n in rows]}


# -- Decision basis -------------------------------------------------------------------------


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


def decision_basis(dialogue: Dialogue, point: str | None = None) -> Document:
    point = point or latest_point(dialogue)
    point_label = str(DecisionPoint(point).label)
    mandate = getattr(dialogue, "mandate", None)
    proposal = getattr(dialogue, "proposal", None)
    missing = _decision_basis_missing(dialogue, point)
    title = _("Decision basis: %(title)s") % {"title": dialogue.title}
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


# -- Decision extract -----------------------------------------------------------------------


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


# -- Dialogue report ------------------------------------------------------------------------


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


# -- Yearly follow-up -----------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min), tz)
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min), tz)
    return start, end


def _state_at(dialogue: Dialogue, moment: datetime) -> str:
    """The dialogue's state at a moment, from its timeline."""
    state = State.INITIATIVE
    for entry in dialogue.transitions.all():
        if entry.at >= moment:
            break
        state = entry.target
    return str(state)


def follow_up(body: Body, year: int) -> Document:
    start, end = _year_bounds(year)
    candidates = (
        Dialogue.objects.filter(body=body, created_at__lt=end)
        .select_related("evaluation", "responsible_official")
        .prefetch_related(
            Prefetch("transitions", queryset=TransitionLog.objects.order_by("at", "pk")),
        )
        .order_by("case_year", "case_sequence", "created_at", "pk")
    )
    moment = min(end, timezone.now())
    rows = []
    ended = {str(s) for s in (State.CLOSED, State.REJECTED, State.CANCELLED)}
    for dialogue in candidates:
        state_at_start = _state_at(dialogue, start) if dialogue.created_at < start else None
        if state_at_start in ended:
            continue  # ended before the year began
        rows.append({"dialogue": dialogue, "state": _state_at(dialogue, moment)})
    dialogue_ids = [row["dialogue"].pk for row in rows]
    inputs = InputItem.objects.filter(
        dialogue_id__in=dialogue_ids, received_on__year=year
    ).order_by()
    input_counts = dict(inputs.values_list("dialogue").annotate(n=Count("pk")))
    activity_counts = dict(
        Activity.objects.filter(
            dialogue_id__in=dialogue_ids,
            status=Activity.Status.HELD,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .order_by()
        .values_list("dialogue")
        .annotate(n=Count("pk"))
    )
    state_labels = dict(State.choices)
    for row in rows:
        dialogue = row["dialogue"]
        row["state_label"] = state_labels.get(row["state"], row["state"])
        row["inputs"] = input_counts.get(dialogue.pk, 0)
        row["activities"] = activity_counts.get(dialogue.pk, 0)
        evaluation = getattr(dialogue, "evaluation", None)
        row["evaluation"] = evaluation if evaluation is not None and evaluation.is_done else None
    by_state = Counter(row["state"] for row in rows)
    state_rows = [
        (str(label), by_state[value]) for value, label in State.choices if by_state[value]
    ]
    by_level = Counter(row["dialogue"].participation_level for row in rows)
    level_rows = [
        (str(label), by_level[value])
        for value, label in ParticipationLevel.choices
        if by_level[value]
    ]
    if by_level.get(""):
        level_rows.append((str(_("Not stated")), by_level[""]))
    evaluations = [row["evaluation"] for row in rows if row["evaluation"] is not None]
    purpose = Counter(e.purpose_met for e in evaluations)
    young = {AgeBand.UNDER_13.value, AgeBand.TEENS.value}
    young_inputs = inputs.filter(age_band__in=young)
    missing = []
    if year > timezone.localdate().year:
        missing.append(_("a year that has begun (%(year)s is in the future)") % {"year": year})
    elif not rows:
        missing.append(
            _("dialogues of %(body)s under way in %(year)s (there were none)")
            % {"body": body.name, "year": year}
        )
    title = _("Yearly follow-up of citizen dialogues %(year)s: %(body)s") % {
        "year": year,
        "body": body.name,
    }
    context = {
        "body": body,
        "year": year,
        "kind_label": _("Yearly follow-up"),
        "facts": [
            (_("Body"), body.name),
            (_("Year"), str(year)),
            (_("Date"), timezone.localdate().isoformat()),
        ],
        "rows": rows,
        "state_rows": state_rows,
        "level_rows": level_rows,
        "state_chart": bar_chart(state_rows),
        "participation": participation_aggregates(inputs),
        "inputs_total": sum(input_counts.values()),
        "activities_total": sum(activity_counts.values()),
        "young_dialogues": young_inputs.values("dialogue").distinct().count(),
        "young_inputs": young_inputs.count(),
        "evaluations_done": len(evaluations),
        "purpose_rows": [
            (str(label), purpose[value])
            for value, label in evaluations[0].PurposeMet.choices
            if purpose[value]
        ]
        if evaluations
        else [],
        "is_partial_year": end > timezone.now(),
    }
    return Document(
        kind=Report.Kind.FOLLOW_UP,
        template="reports/pdf/follow_up.html",
        context=context,
        title=str(title),
        subject=str(title),
        author=settings.MUNICIPALITY_NAME,
        keywords=[str(_("yearly follow-up")), str(_("citizen dialogue")), str(year)],
        missing=[str(m) for m in missing],
    )


# -- Steering-document register ------------------------------------------------------------


def register(filters: dict, filter_labels: list[tuple[str, str]]) -> Document:
    """The register as a printable list, filtered as the list page is (no stored versions).

    `filters` are governance's `FilterForm.filters()`; `filter_labels` the (label, value) pairs
    of the filters in use, printed in the header.
    """
    documents = list(
        governance_selectors.filtered_documents(**filters).select_related("owner_body")
    )
    title = _("Steering-document register")
    facts = [
        (_("Date"), timezone.localdate().isoformat()),
        (_("Documents"), str(len(documents))),
        *filter_labels,
    ]
    context = {
        "kind_label": _("Register extract"),
        "facts": facts,
        "documents": documents,
        "filtered": bool(filter_labels),
    }
    return Document(
        kind="register",
        template="reports/pdf/register.html",
        context=context,
        title=str(title),
        subject=str(title),
        author=settings.MUNICIPALITY_NAME,
        keywords=[str(_("steering documents")), str(_("register"))],
    )


# -- What a dialogue's reports page offers ---------------------------------------------------


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
                "label": _("Extract: %(decision)s, %(point)s")
                % {"decision": str(decision), "point": decision.get_point_display()},
                "point": "",
                "decision": decision,
                "missing": extract(decision).missing,
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

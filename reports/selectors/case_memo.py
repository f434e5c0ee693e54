"""The tjänsteskrivelse: the decision basis of each decision point (mandate, launch, final).

`memo_content` builds its sections from the case as plain, JSON-serialisable values; the
same values are frozen when the point is submitted (dialog.services.case_memo, which gets this
builder from reports.apps) and printed from the frozen version afterwards, with the date it
was frozen. Before the submission (or again after a return for revision) the document is a
draft built from the case as it stands, dated the day it is printed.

The sections, in this order, each said once: Sammanfattning; Förslag till beslut (numbered);
Ärendet; Förvaltningens bedömning; Konsekvenser (ekonomi, barnrättsprövning, jämställdhet,
miljö, nationella minoriteter); Medborgardialog; Beslutsunderlag; Beslutet skickas till; the
name lines.
"""

from copy import copy
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from dialog.models import (
    Activity,
    CaseMemo,
    CaseMemoVersion,
    DecisionPoint,
    Dialogue,
    InputItem,
    State,
)
from dialog.models.case_memo import (
    SUBMITTED_STATE,
    administration_of,
    head_of,
    memo_missing,
    point_submitted,
)

from ..models import Report
from ..rendering import Document
from .pieces import _document_line, participation_aggregates, views_by_source
from .reads import dialogue_for_reports, person_name

ORDER = [DecisionPoint.MANDATE, DecisionPoint.LAUNCH, DecisionPoint.FINAL]

# The mandate's parts, each printed in one section only.
MANDATE_IN_MATTER = ["purpose", "description", "target_groups", "timeline", "offtopic_handling"]
MANDATE_IN_DIALOGUE = ["influence", "feedback_plan"]


def _label(model, name: str) -> str:
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _pairs(instance, names) -> list[list[str]]:
    if instance is None:
        return []
    return [
        [_label(type(instance), name), getattr(instance, name)]
        for name in names
        if str(getattr(instance, name, "") or "").strip()
    ]


def _memo(dialogue: Dialogue, point: str) -> CaseMemo | None:
    return CaseMemo.objects.filter(dialogue=dialogue, point=point).first()


# -- The sections -------------------------------------------------------------------------


def _header(dialogue: Dialogue) -> dict:
    administration = administration_of(dialogue)
    return {
        "administration": administration.name if administration else "",
        "official": person_name(dialogue.responsible_official),
        "case_number": dialogue.case_number or "",
        "body": dialogue.body.name,
        "title": dialogue.title,
    }


def _proposal_points(dialogue, point, memo) -> list[list]:
    if point == DecisionPoint.FINAL:
        proposal = getattr(dialogue, "proposal", None)
        return [[p.number, p.text] for p in proposal.points.all()] if proposal else []
    lines = memo.decision_lines if memo else []
    return [[n, text] for n, text in enumerate(lines, start=1)]


def _matter(dialogue, point, memo) -> dict:
    mandate = getattr(dialogue, "mandate", None)
    fields = []
    if point == DecisionPoint.MANDATE:
        fields = _pairs(dialogue, ["background", "why_dialogue", "future_decision"])
        fields += _pairs(mandate, MANDATE_IN_MATTER)
    elif point == DecisionPoint.LAUNCH:
        fields = _pairs(mandate, ["purpose"])
    planned = []
    if point == DecisionPoint.LAUNCH:
        planned = [
            [
                p.planned_on.isoformat() if p.planned_on else "",
                p.display_name + (f", {p.body.name}" if p.body_id else ""),
            ]
            for p in dialogue.planned_decision_points.all()
        ]
    changed = []
    if point == DecisionPoint.FINAL:
        changed = [_document_line(d)["text"] for d in dialogue.changed_documents.all()]
    return {
        "text": memo.matter if memo else "",
        "fields": fields,
        "planned_points": planned,
        "changed_documents": changed,
    }


def _paragraphs(*parts) -> list[str]:
    return [str(p) for p in parts if p and str(p).strip()]


def _consequences(dialogue, point, memo) -> list[dict]:
    """The five consequences, in order, each a list of paragraphs (empty: none described)."""
    mandate = getattr(dialogue, "mandate", None)
    budget = getattr(mandate, "budget_resources", "") if mandate else ""
    budget_line = (
        _("Budget and resources for the dialogue: %(budget)s") % {"budget": budget}
        if budget.strip() and point != DecisionPoint.FINAL
        else ""
    )
    if point == DecisionPoint.FINAL:
        proposal = getattr(dialogue, "proposal", None)
        heard = ""
        if proposal is not None and proposal.children_heard is not None:
            heard = (
                _("Have children been heard?")
                + " "
                + (_("Yes") if proposal.children_heard else _("No"))
            )
            if proposal.children_heard_comment.strip():
                heard += f". {proposal.children_heard_comment.strip()}"
        economy = _paragraphs(getattr(proposal, "economy", ""))
        children = _paragraphs(getattr(proposal, "children_rights", ""), heard)
        equality = _paragraphs(getattr(proposal, "equality", ""))
        environment = _paragraphs(getattr(proposal, "environment", ""))
    else:
        economy = _paragraphs(getattr(memo, "economy", ""), budget_line)
        children = _paragraphs(getattr(memo, "children_rights", ""))
        equality = _paragraphs(getattr(memo, "equality", ""))
        environment = _paragraphs(getattr(memo, "environment", ""))
    concerned = getattr(memo, "minorities_concerned", None)
    statement = ""
    if concerned is True:
        statement = _(
            "The matter concerns one or more of the national minorities. Under section 5 of the "
            "Act on National Minorities and Minority Languages (2009:724) the municipality "
            "gives the minorities the opportunity to influence matters that concern them and, "
            "as far as possible, consults their representatives."
        )
    elif concerned is False:
        statement = _("The matter is not judged to concern the national minorities in particular.")
    minorities = _paragraphs(statement, getattr(memo, "minorities", ""))
    return [
        {"label": _("Economy"), "paragraphs": economy},
        {"label": _("Child rights assessment"), "paragraphs": children},
        {"label": _("Gender equality"), "paragraphs": equality},
        {"label": _("Environment"), "paragraphs": environment},
        {"label": _("National minorities"), "paragraphs": minorities},
    ]


def _activity_row(activity: Activity) -> list[str]:
    return [
        activity.title,
        timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M")
        if activity.starts_at
        else "",
        activity.place or activity.link or "",
        activity.method.name if activity.method_id else "",
    ]


def _dialogue_section(dialogue, point) -> dict:
    """How residents take part (mandate, launch: as planned) or took part (final), the counts,
    and what the dialogue changed."""
    mandate = getattr(dialogue, "mandate", None)
    section = {
        "held": point == DecisionPoint.FINAL,
        "level": dialogue.get_participation_level_display() if dialogue.participation_level else "",
        "fields": [],
        "activities": [],
        "communication": [],
        "sentence": "",
        "sources": [],
        "by_age": [],
        "by_gender": [],
        "themes": [],
        "summary": "",
        "presented_on": "",
        "changed": "",
    }
    if point == DecisionPoint.MANDATE:
        section["fields"] = _pairs(mandate, MANDATE_IN_DIALOGUE)
    elif point == DecisionPoint.LAUNCH:
        section["fields"] = _pairs(mandate, MANDATE_IN_DIALOGUE)
        section["activities"] = [
            _activity_row(a)
            for a in dialogue.activities.all()
            if a.status != Activity.Status.CANCELLED
        ]
        section["communication"] = [
            [item.date.isoformat() if item.date else "", item.channel, item.message]
            for item in dialogue.communication_items.all()
        ]
    else:
        section["activities"] = [
            _activity_row(a) for a in dialogue.activities.all() if a.status == Activity.Status.HELD
        ]
        sources = views_by_source(dialogue)
        section["sentence"] = str(sources["sentence"])
        section["sources"] = [[str(label), n] for label, n in sources["rows"]]
        aggregates = participation_aggregates(InputItem.objects.filter(dialogue=dialogue))
        section["by_age"] = [[str(label), n] for label, n in aggregates["by_age"]]
        section["by_gender"] = [[str(label), n] for label, n in aggregates["by_gender"]]
        section["themes"] = [
            [t.name, getattr(t, "input_count", None)] for t in dialogue.themes.all()
        ]
        summary = getattr(dialogue, "compilation_summary", None)
        section["summary"] = summary.summary if summary else ""
        presentation = getattr(dialogue, "results_presentation", None)
        if presentation and presentation.presented_on:
            section["presented_on"] = presentation.presented_on.isoformat()
        proposal = getattr(dialogue, "proposal", None)
        section["changed"] = proposal.dialogue_influence if proposal else ""
    return section


def _documents(dialogue, point) -> list[list[str]]:
    """The documents the decision rests on, each with its date and case number (dnr): the
    steering documents that govern the dialogue, the minutes' extracts of the decisions taken
    in the case before this point, and, for the final decision, the compilation of the
    results. This tjänsteskrivelse itself is added by the template, with its date."""
    lines = []
    for document in dialogue.governing_documents.all():
        # Its case number has a column of its own here, not in the text.
        shown = copy(document)
        shown.case_number = ""
        line = _document_line(shown)
        lines.append([line["date"], line["text"], document.case_number or ""])
    for decision in dialogue.decisions.all():
        if ORDER.index(decision.point) >= ORDER.index(point):
            continue
        text = _("Extract from the minutes, %(body)s: %(point)s, %(outcome)s") % {
            "body": decision.body.name,
            "point": decision.get_point_display().lower(),
            "outcome": decision.get_outcome_display().lower(),
        }
        if decision.paragraph:
            text += f" ({decision.paragraph_display})"
        lines.append([decision.decided_on, text, dialogue.case_number or ""])
    if point == DecisionPoint.FINAL:
        compiled = next(
            (t for t in reversed(dialogue.transitions.all()) if t.target == State.FEEDBACK), None
        )
        if compiled is not None:
            lines.append(
                [
                    timezone.localdate(compiled.at),
                    _("Compilation of the results of the citizen dialogue"),
                    dialogue.case_number or "",
                ]
            )
    lines.sort(key=lambda line: (line[0] or date.min, line[1]))
    return [[d.isoformat() if d else "", text, dnr] for d, text, dnr in lines]


def _checklists(dialogue, point) -> list[dict]:
    """The profile's checklists answered up to the point (issue 16, decision_basis)."""
    from .decision_basis import checklist_section

    return checklist_section(dialogue, point)


def memo_content(dialogue: Dialogue, point: str) -> dict:
    """Every section of the tjänsteskrivelse of `point`, as plain values (frozen as they are)."""
    memo = _memo(dialogue, point)
    administration = administration_of(dialogue)
    return {
        "point": point,
        "point_label": str(DecisionPoint(point).label),
        "header": _header(dialogue),
        "summary": memo.summary if memo else "",
        "proposal_points": _proposal_points(dialogue, point, memo),
        "matter": _matter(dialogue, point, memo),
        "assessment": memo.assessment if memo else "",
        "consequences": _consequences(dialogue, point, memo),
        "dialogue": _dialogue_section(dialogue, point),
        "documents": _documents(dialogue, point),
        "checklists": _checklists(dialogue, point),
        "distribution": memo.recipients if memo else [],
        "head_of_administration": (memo.head_of_administration if memo else "")
        or head_of(administration),
    }


def content_for_freezing(dialogue_id: int, point: str) -> dict:
    """The builder dialog.services.case_memo freezes with (given to it by reports.apps)."""
    return memo_content(dialogue_for_reports(dialogue_id), point)


# -- The document -------------------------------------------------------------------------


@dataclass(frozen=True)
class Edition:
    """Which tjänsteskrivelse prints: a frozen version, or the case as it stands (a draft, or
    a point submitted before the memos were frozen), and its date."""

    content: dict
    dated: date
    version: CaseMemoVersion | None
    draft: bool


def _submitted_on(dialogue: Dialogue, point: str) -> date | None:
    """When the point was last submitted, from the timeline (points submitted before the
    memos were frozen)."""
    target = SUBMITTED_STATE[point]
    entry = next(
        (
            t
            for t in reversed(dialogue.transitions.all())
            if t.target == target and t.source != target
        ),
        None,
    )
    return timezone.localdate(entry.at) if entry else None


def edition(dialogue: Dialogue, point: str) -> Edition:
    if point_submitted(dialogue, point):
        version = (
            CaseMemoVersion.objects.filter(dialogue=dialogue, point=point)
            .order_by("-number")
            .first()
        )
        if version is not None and version.content.get("document"):
            content = version.content["document"]
            # The case number belongs to the case, not to the text: a case registered after
            # the submission (as the registrar often does) prints its number.
            header = {**content["header"], "case_number": dialogue.case_number or ""}
            return Edition({**content, "header": header}, version.frozen_on, version, False)
        # Submitted before the memos were frozen: dated by the submission. A point the
        # dialogue ended before reaching was never submitted: a draft.
        dated = _submitted_on(dialogue, point)
        if dated is not None:
            return Edition(memo_content(dialogue, point), dated, None, False)
    return Edition(memo_content(dialogue, point), timezone.localdate(), None, True)


def case_memo_missing(dialogue: Dialogue, point: str) -> list[str]:
    """What a tjänsteskrivelse still lacks before it can be printed. A frozen one lacks nothing
    but the case number, which the registrar may give later."""
    missing = list(dialogue.registration_missing())
    if point_submitted(dialogue, point) and (
        CaseMemoVersion.objects.filter(dialogue=dialogue, point=point).exists()
    ):
        return [str(m) for m in missing]
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
    missing += memo_missing(dialogue, point)
    return [str(m) for m in missing]


def case_memo_title(dialogue: Dialogue) -> str:
    return str(_("Decision memo: %(title)s") % {"title": dialogue.title})


def case_memo(dialogue: Dialogue, point: str) -> Document:
    """The tjänsteskrivelse of `point` as a PDF document."""
    chosen = edition(dialogue, point)
    content = chosen.content
    header = content["header"]
    point_label = str(DecisionPoint(point).label)
    facts = [
        (_("Date"), chosen.dated.isoformat()),
        (_("Case officer"), header["official"]),
        (_("To"), header["body"]),
    ]
    return Document(
        kind=Report.Kind.DECISION_BASIS,
        template="reports/pdf/case_memo.html",
        context={
            "dialogue": dialogue,
            "memo": content,
            "point": point,
            "point_label": point_label,
            "dated": chosen.dated,
            "version": chosen.version,
            "draft": chosen.draft,
            "kind_label": _("Decision memo"),
            "facts": facts,
            "municipality": settings.MUNICIPALITY_NAME,
        },
        title=case_memo_title(dialogue),
        subject=str(
            _("Decision memo for %(point)s, %(body)s, case %(case)s")
            % {"point": point_label, "body": header["body"], "case": header["case_number"]}
        ),
        author=header["official"],
        keywords=[str(_("decision memo")), str(_("citizen dialogue")), header["case_number"]],
        missing=case_memo_missing(dialogue, point),
    )


__all__ = [
    "case_memo",
    "case_memo_missing",
    "case_memo_title",
    "content_for_freezing",
    "edition",
    "memo_content",
]

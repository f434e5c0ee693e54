"""The reads of a dialogue's history page (issue 15): every history row of the dialogue and of
its steps' records, newest first, filtered by step and by person, a page at a time, with the
timeline's transitions mixed in when asked.

A page costs the same number of queries however long the history is: one count and one page of
(source, history id, date) over a UNION of the history tables; then, per history table on the
page, its rows with their predecessors (the row before each, for the diff) and their
many-to-many snapshots; then one query per related model for the labels. Withdrawn records are
read too (`all_objects`): the history page is where they stay visible.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import CharField, OuterRef, Subquery, Value
from django.utils.translation import gettext_lazy as _

from . import history
from .models import (
    ActionItem,
    Activity,
    ActivityEvaluation,
    ActivityReach,
    Assignment,
    CaseMemo,
    ChecklistAnswer,
    CommunicationItem,
    CompilationSummary,
    Decision,
    Dialogue,
    Evaluation,
    Forwarding,
    ImportBatch,
    InitiativeAnswer,
    InputItem,
    Mandate,
    PlannedDecisionPoint,
    Proposal,
    ProposalPoint,
    ResidentFeedback,
    ResultsPresentation,
    State,
    TargetGroup,
    Theme,
    TransitionLog,
)

PER_PAGE = 50
CASE = "case"
TIMELINE = "timeline"

# The step filter: the case itself, then the steps whose content has history.
STEPS = [
    (CASE, _("The case")),
    (State.INITIATIVE, State.INITIATIVE.label),
    (State.PLANNING, State.PLANNING.label),
    (State.EXECUTION, State.EXECUTION.label),
    (State.COMPILATION, State.COMPILATION.label),
    (State.FEEDBACK, State.FEEDBACK.label),
    (State.PROCESSING, State.PROCESSING.label),
    (State.DECISION, State.DECISION.label),
]


@dataclass(frozen=True)
class Source:
    """One tracked model whose history rows belong to a dialogue."""

    key: str  # in URLs: the record's own history
    model: type
    step: str
    # The lookup from a history row to its dialogue's id.
    dialogue_lookup: str = "dialogue_id"

    @property
    def history_model(self):
        return self.model.history.model

    def rows(self, dialogue_id: int):
        lookup = self.dialogue_lookup
        if self.model is Forwarding:
            inputs = InputItem.all_objects.filter(dialogue_id=dialogue_id).values("pk")
            return self.history_model.objects.filter(input_item_id__in=inputs)
        if self.model in (ActivityReach, ActivityEvaluation):
            activities = Activity.all_objects.filter(dialogue_id=dialogue_id).values("pk")
            return self.history_model.objects.filter(activity_id__in=activities)
        if self.model is ProposalPoint:
            proposals = Proposal.objects.filter(dialogue_id=dialogue_id).values("pk")
            return self.history_model.objects.filter(proposal_id__in=proposals)
        return self.history_model.objects.filter(**{lookup: dialogue_id})


SOURCES = [
    Source("dialogue", Dialogue, CASE, "id"),
    Source("assignment", Assignment, CASE),
    Source("decision", Decision, CASE),
    Source("case_memo", CaseMemo, CASE),
    # Solna's checklists are answered at several steps: the case's own record.
    Source("checklist_answer", ChecklistAnswer, CASE),
    Source("mandate", Mandate, State.INITIATIVE),
    Source("initiative_answer", InitiativeAnswer, State.INITIATIVE),
    Source("target_group", TargetGroup, State.INITIATIVE),
    Source("activity", Activity, State.PLANNING),
    Source("communication", CommunicationItem, State.PLANNING),
    Source("decision_point", PlannedDecisionPoint, State.PLANNING),
    Source("input", InputItem, State.EXECUTION),
    Source("activity_reach", ActivityReach, State.EXECUTION),
    Source("activity_evaluation", ActivityEvaluation, State.EXECUTION),
    Source("import", ImportBatch, State.EXECUTION),
    Source("theme", Theme, State.COMPILATION),
    Source("compilation_summary", CompilationSummary, State.COMPILATION),
    Source("presentation", ResultsPresentation, State.FEEDBACK),
    Source("forwarding", Forwarding, State.FEEDBACK),
    Source("proposal", Proposal, State.PROCESSING),
    Source("proposal_point", ProposalPoint, State.PROCESSING),
    Source("action_item", ActionItem, State.DECISION),
    Source("resident_feedback", ResidentFeedback, State.DECISION),
    Source("evaluation", Evaluation, State.DECISION),
]
BY_KEY = {source.key: source for source in SOURCES}


@dataclass(frozen=True)
class Filters:
    step: str = ""
    person_id: int | None = None
    with_timeline: bool = False
    # One record's own history: its source's key and id.
    source: str = ""
    object_id: int | None = None


def _parts(dialogue: Dialogue, filters: Filters) -> list:
    """The (source key, id, date) of every history row (and transition) the filters keep."""
    parts = []
    for source in SOURCES:
        if filters.step and source.step != filters.step:
            continue
        if filters.source and source.key != filters.source:
            continue
        rows = source.rows(dialogue.pk)
        if filters.object_id is not None:
            rows = rows.filter(id=filters.object_id)
        if filters.person_id is not None:
            rows = rows.filter(history_user_id=filters.person_id)
        parts.append(
            rows.order_by()
            .annotate(history_source=Value(source.key, output_field=CharField()))
            .values_list("history_source", "history_id", "history_date")
        )
    if filters.with_timeline and not filters.source:
        entries = TransitionLog.objects.filter(dialogue=dialogue)
        if filters.step and filters.step != CASE:
            entries = entries.filter(source=filters.step)
        if filters.person_id is not None:
            entries = entries.filter(by_id=filters.person_id)
        parts.append(
            entries.order_by()
            .annotate(history_source=Value(TIMELINE, output_field=CharField()))
            .values_list("history_source", "pk", "at")
        )
    return parts


def history_page(dialogue: Dialogue, filters: Filters, page_number) -> tuple:
    """(the paginator's page, its entries): the page's history rows as `history.Entry`s."""
    parts = _parts(dialogue, filters)
    if not parts:
        keys = TransitionLog.objects.none().values_list("pk", "pk", "at")
    else:
        keys = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        keys = keys.order_by("-history_date", "-history_id")
    page = Paginator(keys, PER_PAGE).get_page(page_number)
    return page, entries(list(page.object_list))


def entries(keys) -> list:
    """The entries of the (source, id, date) keys, in the keys' order."""
    wanted: dict[str, list[int]] = {}
    for key, pk, _at in keys:
        wanted.setdefault(key, []).append(pk)
    labels = history.Labels()
    loaded: dict[tuple[str, int], tuple] = {}
    for key, pks in wanted.items():
        if key == TIMELINE:
            for entry in TransitionLog.objects.filter(pk__in=pks).select_related("by"):
                loaded[key, entry.pk] = (entry,)
            continue
        source = BY_KEY[key]
        model = source.model
        history_model = source.history_model
        # The row before each (history ids grow with every row written: append-only).
        previous = (
            history_model.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        prefetch = history.m2m_prefetches(model)
        rows = list(
            history_model.objects.filter(history_id__in=pks)
            .select_related("history_user")
            .prefetch_related(*prefetch)
            .annotate(previous_id=Subquery(previous))
        )
        before = {
            row.history_id: row
            for row in history_model.objects.filter(
                history_id__in=[r.previous_id for r in rows if r.previous_id]
            ).prefetch_related(*prefetch)
        }
        history.want_labels(model, [*rows, *before.values()], labels)
        for row in rows:
            loaded[key, row.history_id] = (source, row, before.get(row.previous_id))
    labels.fetch()
    result = []
    for key, pk, _at in keys:
        item = loaded.get((key, pk))
        if item is None:
            continue
        if key == TIMELINE:
            result.append(_transition(item[0]))
        else:
            result.append(_entry(*item, labels))
    return result


def _entry(source: Source, row, previous, labels) -> history.Entry:
    model = source.model
    kind = row.history_type
    if kind == "~" and previous is None:
        kind = "+"  # the first row kept of a record saved before its history began
    withdrawn, reason = history.withdrawal(row, previous)
    return history.Entry(
        at=row.history_date,
        user=row.history_user,
        kind=kind,
        model_label=str(model._meta.verbose_name),
        object_label=object_label(row),
        source=source.key,
        object_id=row.id,
        changes=history.changes(model, row, previous if kind != "+" else None, labels),
        withdrawn=withdrawn,
        withdrawal_reason=reason,
    )


# The fields that name a record, first found first (no query: a history row's own columns).
_NAMING = ("title", "name", "action", "text", "channel", "file_name", "label")


def object_label(row) -> str:
    for name in _NAMING:
        value = getattr(row, name, "")
        if isinstance(value, str) and value.strip():
            value = value.strip()
            return value if len(value) <= 60 else value[:59] + "…"
    number = getattr(row, "number", None)
    if number is not None:
        return f"{number}."
    return ""


def _transition(entry: TransitionLog) -> history.Entry:
    from .services import transition_label

    return history.Entry(
        at=entry.at,
        user=entry.by,
        kind=TIMELINE,
        model_label=str(TransitionLog._meta.verbose_name),
        object_label="",
        source=TIMELINE,
        object_id=None,
        action=f"{transition_label(entry.transition)}: {entry.get_source_display()} → "
        f"{entry.get_target_display()}",
        comment=entry.comment,
    )


def people(dialogue: Dialogue) -> list:
    """Everyone who appears in the dialogue's history or timeline, for the person filter."""
    from django.contrib.auth import get_user_model

    ids = set(TransitionLog.objects.filter(dialogue=dialogue).values_list("by_id", flat=True))
    parts = [
        source.rows(dialogue.pk).order_by().values_list("history_user_id") for source in SOURCES
    ]
    ids |= {pk for (pk,) in parts[0].union(*parts[1:]) if pk is not None}
    users = get_user_model().objects.filter(pk__in=ids)
    return sorted(users, key=lambda u: (u.get_full_name() or u.get_username()).casefold())

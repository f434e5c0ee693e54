"""The reads the reports pages share, and the subject that names a document's versions."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from core.people import person_label
from dialog.models import (
    ActionItem,
    Activity,
    Assignment,
    Decision,
    DecisionPoint,
    Dialogue,
    PlannedDecisionPoint,
    State,
    Theme,
    TransitionLog,
)
from dialog.models.counts import TOTAL, InputCount
from governance.models import SteeringDocument
from roles.models import Body

from ..models import Report

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
    return person_label(user)


def dialogue_for_reports(pk: int, *, theme_counts: bool = True) -> Dialogue:
    """A dialogue with everything the documents show, in a fixed number of queries.

    `theme_counts=False` leaves out the views per theme (`input_count`), for the checks made
    before a document is queued, which do not show them.
    """
    themes = Theme.objects.all()
    if theme_counts:
        # The views tagged to each theme, within the purpose or not: the stored counts (two
        # rows a theme), not a count over every tag.
        stored = (
            InputCount.objects.filter(
                dialogue_id=OuterRef("dialogue_id"), theme_id=OuterRef("pk"), dimension=TOTAL
            )
            .order_by()
            .values("theme_id")
            .annotate(n=Sum("n"))
            .values("n")
        )
        themes = themes.annotate(input_count=Coalesce(Subquery(stored), 0)).order_by(
            "-input_count", "name"
        )
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
            Prefetch("themes", queryset=themes),
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


def follow_up_reports(body: Body | None = None, *, municipality: bool = False) -> QuerySet[Report]:
    """The generated follow-ups: of one body, of the whole municipality (`municipality`), or
    all of them."""
    reports = Report.objects.filter(kind=Report.Kind.FOLLOW_UP).select_related("created_by", "body")
    if body is not None:
        reports = reports.filter(body=body)
    elif municipality:
        reports = reports.filter(body__isnull=True)
    return reports.order_by("-year", "period", "body__name", "-version")


# -- Subjects -----------------------------------------------------------------------------


def subject_for(
    kind: str, *, dialogue=None, point="", decision=None, body=None, year=None, period=""
) -> str:
    if kind == Report.Kind.DECISION_BASIS:
        return f"dialogue:{dialogue.pk}:point:{point}"
    if kind == Report.Kind.EXTRACT:
        return f"decision:{decision.pk}"
    if kind == Report.Kind.DIALOGUE_REPORT:
        return f"dialogue:{dialogue.pk}"
    if kind == Report.Kind.FOLLOW_UP:
        # A body's yearly follow-up keeps the subject it had before the periods (issue 16).
        scope = f"body:{body.pk}" if body is not None else "municipality"
        return f"{scope}:{period or Report.Period.YEAR}:{year}"
    raise ValueError(f"Unknown report kind {kind!r}")

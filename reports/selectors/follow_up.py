"""The follow-up of the dialogue work (issue 16): the whole municipality or one body, over an
interim period, a year or a term of office (see `periods`), compared with the period before.

What counts where (the period is half-open, see `periods.Period`):
- started: the dialogue was created (its initiative registered) in the period;
- running: created before the period's end and not ended before its start (a dialogue from
  November to March runs in both years, is started in the first and finished in the second);
- finished: it reached an end (closed, rejected or cancelled) in the period, by its timeline;
- views: the input items received in the period (withdrawn ones left out; views given online
  are input items with the source web form), counted by the database by age band, gender, area;
- reach: the participants per target group recorded at the activities held in the period
  (dialog.models.ActivityReach), and for each group the running dialogues whose mandate names
  it and those that reached it;
- decisions: the final decisions (approved) taken in the period, with the steering documents
  they change;
- feedback to residents published in the period, on time or late: due on the date the
  communication plan promised it (its latest item that tells the feedback), else within the
  profile's reminder limit (`reminder_after_days`, 30 days) after the final decision; and the
  decided dialogues whose feedback was due before the period's end and not given by then;
- evaluations done in the period (was the purpose met, the lessons) and the evaluations of the
  activities held in it;
- the goals (governance.Goal) the running dialogues serve.

Every count is read in a fixed number of queries, whatever the number of dialogues. Counts of
people (views by group, participants) are held back when small (core.smallcounts).
"""

from collections import Counter, defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core import smallcounts
from core.charts import bar_chart
from dialog.models import (
    END_STATES,
    Activity,
    ActivityEvaluation,
    ActivityReach,
    CommunicationItem,
    Decision,
    DecisionPoint,
    Dialogue,
    Evaluation,
    InputItem,
    ParticipationLevel,
    State,
    TargetGroup,
    TransitionLog,
)
from dialog.policy import group_label
from governance.models import Goal
from roles.models import Body

from ..models import Report
from ..rendering import Document
from . import periods
from .periods import Period
from .pieces import participation_aggregates

FEEDBACK_DEFAULT_DAYS = 30  # dialog.selectors.DEFAULT_REMINDER_AFTER_DAYS


def _scoped(queryset, body: Body | None, path: str = ""):
    return queryset.filter(**{f"{path}body": body}) if body is not None else queryset


def _ended_at():
    return Subquery(
        TransitionLog.objects.filter(dialogue=OuterRef("pk"), target__in=END_STATES)
        .order_by("-at")
        .values("at")[:1]
    )


def _dialogue_rows(period: Period, body: Body | None) -> list[dict]:
    """The dialogues running in the period (one query), each with whether it started and
    finished in it."""
    start, end = period.moments()
    rows = list(
        _scoped(Dialogue.objects.all(), body)
        .filter(created_at__lt=end)
        .annotate(ended_at=_ended_at())
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start))
        .order_by("body__name", "created_at", "pk")
        .values(
            "pk",
            "title",
            "case_number",
            "state",
            "participation_level",
            "created_at",
            "ended_at",
            "body_id",
            body_name=F("body__name"),
        )
    )
    levels = dict(ParticipationLevel.choices)
    for row in rows:
        row["level_label"] = str(levels.get(row["participation_level"], ""))
        row["started"] = row["created_at"] >= start
        row["finished"] = row["ended_at"] is not None and row["ended_at"] < end
    return rows


def _dialogue_counts(rows: list[dict]) -> dict:
    finished = [r for r in rows if r["finished"]]
    return {
        "running": len(rows),
        "started": sum(r["started"] for r in rows),
        "finished": len(finished),
        "closed": sum(r["state"] == State.CLOSED for r in finished),
        "stopped": sum(r["state"] != State.CLOSED for r in finished),
    }


def _inputs(period: Period, body: Body | None):
    return _scoped(InputItem.objects.all(), body, "dialogue__").filter(
        received_on__gte=period.start, received_on__lt=period.end
    )


def _views_per_dialogue(inputs) -> dict[int, dict]:
    """{dialogue id: {"n", "online"}}: one grouped count."""
    rows = (
        inputs.order_by()
        .values("dialogue_id")
        .annotate(n=Count("pk"), online=Count("pk", filter=Q(source=InputItem.Source.WEB_FORM)))
    )
    return {row["dialogue_id"]: row for row in rows}


def _held_activities(period: Period, body: Body | None):
    start, end = period.moments()
    return _scoped(Activity.objects.all(), body, "dialogue__").filter(
        status=Activity.Status.HELD, starts_at__gte=start, starts_at__lt=end
    )


def _reach(period: Period, body: Body | None, rows: list[dict]) -> list[dict]:
    """Per target group: participants at the activities held in the period, the running
    dialogues whose mandate names it (included) and those of them that reached it. Two
    queries."""
    held = _held_activities(period, body)
    reached = (
        ActivityReach.objects.filter(activity__in=held.values("pk"), participants__gt=0)
        .order_by()
        .values("target_group__group", "target_group__name")
        .annotate(
            participants=Sum("participants"),
            dialogues=Count("activity__dialogue", distinct=True),
        )
    )
    running = [r["pk"] for r in rows]
    named = (
        _scoped(TargetGroup.objects.all(), body, "dialogue__")
        .filter(included=True, dialogue_id__in=_running_ids(period, body))
        .order_by()
        .values("group", "name")
        .annotate(dialogues=Count("dialogue", distinct=True))
        if running
        else []
    )
    groups: dict[tuple, dict] = {}
    for row in named:
        key = (row["group"], row["name"] if row["group"] == "other" else "")
        groups.setdefault(key, _reach_row(*key))["named"] += row["dialogues"]
    for row in reached:
        group, name = row["target_group__group"], row["target_group__name"]
        key = (group, name if group == "other" else "")
        entry = groups.setdefault(key, _reach_row(*key))
        entry["participants"] += row["participants"] or 0
        entry["reached"] += row["dialogues"]
    return sorted(groups.values(), key=lambda g: (-g["participants"], g["label"]))


def _reach_row(group: str, name: str) -> dict:
    return {"label": group_label(group, name), "named": 0, "reached": 0, "participants": 0}


def _running_ids(period: Period, body: Body | None):
    """The running dialogues as a subquery (for the lists that hang on them)."""
    start, end = period.moments()
    return (
        _scoped(Dialogue.objects.all(), body)
        .filter(created_at__lt=end)
        .annotate(ended_at=_ended_at())
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start))
        .values("pk")
    )


def _decisions(period: Period, body: Body | None) -> list[Decision]:
    """The final decisions taken in the period, with the documents they change: two queries."""
    return list(
        _scoped(Decision.objects.all(), body, "dialogue__")
        .filter(
            point=DecisionPoint.FINAL,
            outcome=Decision.Outcome.APPROVED,
            decided_on__gte=period.start,
            decided_on__lt=period.end,
        )
        .select_related("dialogue", "body")
        .prefetch_related("dialogue__changed_documents")
        .order_by("decided_on", "pk")
    )


def _feedback(period: Period, body: Body | None) -> dict:
    """Feedback to residents given on time, late, and still missing past its due date, for the
    dialogues with a final decision: one query (a row per decided dialogue)."""
    promised = (
        CommunicationItem.objects.filter(
            dialogue=OuterRef("dialogue_id"), tells_feedback=True, date__isnull=False
        )
        .order_by("-date")
        .values("date")[:1]
    )
    rows = (
        _scoped(Decision.objects.all(), body, "dialogue__")
        .filter(
            point=DecisionPoint.FINAL,
            outcome=Decision.Outcome.APPROVED,
            decided_on__lt=period.end,
        )
        .order_by()
        .values("dialogue_id", "decided_on")
        .annotate(
            published=F("dialogue__resident_feedback__published_on"),
            promised=Subquery(promised),
            limit=Coalesce("dialogue__policy_profile__reminder_after_days", FEEDBACK_DEFAULT_DAYS),
        )
    )
    counts = Counter()
    seen = set()
    for row in rows:
        if row["dialogue_id"] in seen:
            continue
        seen.add(row["dialogue_id"])
        due = row["promised"] or row["decided_on"] + timedelta(days=row["limit"])
        published = row["published"]
        if published is not None and period.start <= published < period.end:
            counts["on_time" if published <= due else "late"] += 1
        elif (published is None or published >= period.end) and due < min(
            period.end, timezone.localdate()
        ):
            counts["missing"] += 1
    return {key: counts[key] for key in ("on_time", "late", "missing")}


def _evaluations(period: Period, body: Body | None) -> list[Evaluation]:
    return list(
        _scoped(Evaluation.objects.all(), body, "dialogue__")
        .filter(done_on__gte=period.start, done_on__lt=period.end)
        .select_related("dialogue")
        .order_by("done_on", "pk")
    )


def _activity_evaluations(period: Period, body: Body | None) -> list[ActivityEvaluation]:
    return list(
        ActivityEvaluation.objects.filter(activity__in=_held_activities(period, body).values("pk"))
        .select_related("activity__dialogue")
        .order_by("activity__starts_at", "pk")
    )


def _goals(rows: list[dict], views: dict[int, dict]) -> list[dict]:
    """Per goal the running dialogues serve: dialogues started, running, finished and views.
    Two queries (the links, the goals); the dialogues with no goal last."""
    by_dialogue = {row["pk"]: row for row in rows}
    links = (
        Dialogue.goals.through.objects.filter(dialogue_id__in=list(by_dialogue))
        .order_by()
        .values_list("goal_id", "dialogue_id")
        if by_dialogue
        else []
    )
    per_goal: dict[int, list[int]] = defaultdict(list)
    with_goal = set()
    for goal_id, dialogue_id in links:
        per_goal[goal_id].append(dialogue_id)
        with_goal.add(dialogue_id)
    goals = (
        Goal.objects.filter(pk__in=list(per_goal)).select_related("owner_body") if per_goal else []
    )
    result = []

    def entry(label, ids):
        dialogue_rows = [by_dialogue[i] for i in ids]
        return {
            "label": label,
            **_dialogue_counts(dialogue_rows),
            "views": sum(views.get(i, {}).get("n", 0) for i in ids),
        }

    for goal in sorted(goals, key=lambda g: (g.code, g.title)):
        result.append(entry(str(goal), per_goal[goal.pk]) | {"owner": goal.owner_body.name})
    without = [pk for pk in by_dialogue if pk not in with_goal]
    if without:
        result.append(entry(_("Linked to no goal"), without) | {"owner": ""})
    return result


def figures(period: Period, body: Body | None, *, detail: bool = True) -> dict:
    """Every count of the follow-up of one period. A fixed number of queries (about fifteen
    with `detail`, five without), whatever the number of dialogues."""
    rows = _dialogue_rows(period, body)
    inputs = _inputs(period, body)
    views = _views_per_dialogue(inputs)
    held = _held_activities(period, body)
    decisions = _decisions(period, body) if detail else None
    evaluations = _evaluations(period, body) if detail else None
    result = {
        "period": period,
        **_dialogue_counts(rows),
        "views": sum(v["n"] for v in views.values()),
        "online": sum(v["online"] for v in views.values()),
        "activities": held.count(),
        "feedback": _feedback(period, body),
    }
    if not detail:
        aggregate = _scoped(Decision.objects.all(), body, "dialogue__").aggregate(
            n=Count(
                "pk",
                filter=Q(
                    point=DecisionPoint.FINAL,
                    outcome=Decision.Outcome.APPROVED,
                    decided_on__gte=period.start,
                    decided_on__lt=period.end,
                ),
            )
        )
        result["decisions"] = aggregate["n"]
        result["evaluations"] = (
            _scoped(Evaluation.objects.all(), body, "dialogue__")
            .filter(done_on__gte=period.start, done_on__lt=period.end)
            .count()
        )
        return result
    for row in rows:
        row["views"] = views.get(row["pk"], {}).get("n", 0)
    result.update(
        rows=rows,
        decision_list=decisions,
        decisions=len(decisions),
        changing=sum(1 for d in decisions if d.dialogue.changed_documents.all()),
        evaluation_list=evaluations,
        evaluations=len(evaluations),
        activity_evaluations=_activity_evaluations(period, body),
        participation=participation_aggregates(inputs),
        reach=_reach(period, body, rows),
        goals=_goals(rows, views),
        levels=_levels(rows),
        bodies=_bodies(rows) if body is None else [],
    )
    return result


def _levels(rows: list[dict]) -> list[tuple[str, int]]:
    counts = Counter(row["participation_level"] for row in rows)
    levels = [(str(label), counts[value]) for value, label in ParticipationLevel.choices]
    if counts.get(""):
        levels.append((str(_("Not stated")), counts[""]))
    return [(label, n) for label, n in levels if n]


def _bodies(rows: list[dict]) -> list[dict]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["body_name"]].append(row)
    return [
        {"label": name, **_dialogue_counts(items), "views": sum(r["views"] for r in items)}
        for name, items in sorted(grouped.items())
    ]


# -- Presentation ------------------------------------------------------------------------------


def people_chart(rows: list[tuple[str, int]]) -> dict:
    """A bar chart of counts of people, small counts held back: no bar and "fewer than 5"."""
    chart = bar_chart([(label, 0 if smallcounts.is_small(n) else n) for label, n in rows])
    for bar, (_label, n) in zip(chart["bars"], rows, strict=True):
        bar["n"] = smallcounts.shown(n)
    return chart


def _comparison(now: dict, before: dict) -> list[dict]:
    lines = [
        ("started", _("Dialogues started")),
        ("running", _("Dialogues running")),
        ("finished", _("Dialogues finished")),
        ("views", _("Views received")),
        ("online", _("of which given online")),
        ("activities", _("Activities held")),
        ("decisions", _("Final decisions taken")),
        ("evaluations", _("Dialogues evaluated")),
    ]
    result = [
        {
            "label": str(label),
            "now": now[key],
            "before": before[key],
            "change": now[key] - before[key],
        }
        for key, label in lines
    ]
    for key, label in (
        ("on_time", _("Feedback to residents given on time")),
        ("late", _("Feedback to residents given late")),
    ):
        n, b = now["feedback"][key], before["feedback"][key]
        result.append({"label": str(label), "now": n, "before": b, "change": n - b})
    return result


def follow_up_title(body: Body | None, period: Period) -> str:
    scope = body.name if body is not None else settings.MUNICIPALITY_NAME
    return _("Follow-up of the dialogue work, %(period)s: %(scope)s") % {
        "period": period.label,
        "scope": scope,
    }


def follow_up_missing(body: Body | None, period: Period, now: dict | None = None) -> list[str]:
    if not period.has_begun():
        return [_("a period that has begun (%(period)s has not begun)") % {"period": period.label}]
    if now is not None and not now["running"] and not now["views"]:
        scope = body.name if body is not None else settings.MUNICIPALITY_NAME
        return [
            _("dialogues of %(scope)s under way in %(period)s (there were none)")
            % {"scope": scope, "period": period.label}
        ]
    return []


def follow_up_context(body: Body | None, period: Period) -> dict:
    """What the page and the PDF show: this period's figures and the previous period's."""
    now = figures(period, body)
    before = figures(period.previous(), body, detail=False)
    participation = now["participation"]
    dialogue_rows = [
        (_("Started"), now["started"]),
        (_("Running"), now["running"]),
        (_("Finished"), now["finished"]),
    ]
    purpose = Counter(e.purpose_met for e in now["evaluation_list"])
    purpose_rows = [
        (str(label), purpose[value])
        for value, label in Evaluation.PurposeMet.choices
        if purpose[value]
    ]
    reach_rows = [(row["label"], row["participants"]) for row in now["reach"]]
    feedback_rows = [
        (_("On time"), now["feedback"]["on_time"]),
        (_("Late"), now["feedback"]["late"]),
        (_("Due and not given"), now["feedback"]["missing"]),
    ]
    young = {"0-12", "13-17"}
    return {
        "body": body,
        "period": period,
        "previous": period.previous(),
        "scope_name": body.name if body is not None else settings.MUNICIPALITY_NAME,
        "now": now,
        "before": before,
        "comparison": _comparison(now, before),
        "dialogue_rows": [(str(label), n) for label, n in dialogue_rows],
        "dialogue_chart": bar_chart([(str(label), n) for label, n in dialogue_rows]),
        "level_rows": now["levels"],
        "level_chart": bar_chart(now["levels"]),
        "participation": participation,
        "age_chart": people_chart(participation["by_age"]),
        "young_views": sum(
            n for value, n in _age_values(participation["by_age"]) if value in young
        ),
        "reach_rows": reach_rows,
        "reach_chart": people_chart(reach_rows),
        "feedback_rows": [(str(label), n) for label, n in feedback_rows],
        "feedback_chart": bar_chart([(str(label), n) for label, n in feedback_rows]),
        "purpose_rows": purpose_rows,
        "purpose_chart": bar_chart(purpose_rows),
        "goal_chart": bar_chart([(row["label"], row["running"]) for row in now["goals"]]),
        "is_partial": not period.is_over(),
        "as_of": timezone.localdate(),
    }


def _age_values(by_age: list[tuple[str, int]]):
    """(value, count) back from the labelled rows of participation_aggregates."""
    from dialog.models import AgeBand

    values = {str(label): value for value, label in AgeBand.choices}
    return [(values.get(label, ""), n) for label, n in by_age]


def follow_up(body: Body | None, year: int, kind: str = periods.YEAR) -> Document:
    """The follow-up as a PDF document of one body (None: the whole municipality)."""
    period = Period(kind, int(year))
    title = follow_up_title(body, period)
    scope_name = body.name if body is not None else settings.MUNICIPALITY_NAME
    context = {"body": body, "period": period, "scope_name": scope_name}
    if not period.has_begun():
        missing = follow_up_missing(body, period)
    else:
        context["f"] = follow_up_context(body, period)
        missing = follow_up_missing(body, period, context["f"]["now"])
    context.update(
        {
            "kind_label": _("Follow-up of the dialogue work"),
            "facts": [
                (_("Scope"), body.name if body is not None else settings.MUNICIPALITY_NAME),
                (_("Period"), f"{period.start.isoformat()} – {period.last_day.isoformat()}"),
                (_("Date"), timezone.localdate().isoformat()),
            ],
            "pdf": True,
        }
    )
    return Document(
        kind=Report.Kind.FOLLOW_UP,
        template="reports/pdf/follow_up.html",
        context=context,
        title=str(title),
        subject=str(title),
        author=settings.MUNICIPALITY_NAME,
        keywords=[str(_("follow-up")), str(_("citizen dialogue")), period.label],
        missing=[str(m) for m in missing],
    )

"""The yearly follow-up of a body's dialogues."""

from collections import Counter
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from core.charts import bar_chart
from dialog.models import (
    Activity,
    AgeBand,
    Dialogue,
    InputItem,
    ParticipationLevel,
    State,
    TransitionLog,
)
from roles.models import Body

from ..models import Report
from ..rendering import Document
from .pieces import participation_aggregates


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

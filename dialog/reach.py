"""Reach per target group (issue 16): the mandate's target groups are the yardstick [HAG][HAN].

For each target group of a dialogue: how many came to its held activities (`ActivityReach`,
counts recorded by the official) and how many views were given online by people the online
form's background answers place in it; reached when either is above zero. A group the mandate
left out (with a reason) shows as left out.

The online views are participation's (an app above this one): it registers a *reach source*
here (`register_reach_source`, from its AppConfig.ready), and this module asks every source for
its counts without importing it. A source is a function taking a list of target groups (of one
or more dialogues) and returning {target group id: count}; it must read with a fixed number of
queries, whatever it is given.

The reads:
- `dialogue_reach(dialogue)`: the dialogue page's panel, the evaluation and the reach form (the
  held activities, each one's counts and evaluation, the groups' reach); built from what
  `selectors.dialogue_detail` prefetched plus two queries and one per source (none when the
  mandate names no group), cached on the dialogue instance for the rest of the request.
- `reach_by_dialogue(dialogue_ids)`: for the municipality's follow-up (reports), each dialogue's
  groups with their reach, in the same number of queries for any number of dialogues.
- `unevaluated_activities(dialogue)`: the held activities without an evaluation (the
  compilation's condition when the profile asks for them [HAG]).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from .models import Activity, ActivityEvaluation, ActivityReach, TargetGroup

# -- The registry of reach sources ----------------------------------------------------------

ReachSource = Callable[[Sequence[TargetGroup]], dict[int, int]]

_SOURCES: dict[str, ReachSource] = {}


def register_reach_source(fn: ReachSource, *, key: str | None = None) -> ReachSource:
    """Add a source of reach counts (e.g. views given online). Registering the same key again
    replaces it, so a reloaded app does not count twice. Usable as a decorator."""
    _SOURCES[key or f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def reach_sources() -> list[ReachSource]:
    return list(_SOURCES.values())


def _from_sources(groups: Sequence[TargetGroup]) -> dict[int, int]:
    """Every source's counts per target group id, added up."""
    total: dict[int, int] = defaultdict(int)
    if not groups:
        return total
    for source in reach_sources():
        for group_id, count in (source(groups) or {}).items():
            total[group_id] += int(count or 0)
    return total


# -- What is read --------------------------------------------------------------------------

REACHED = "reached"
NOT_REACHED = "not_reached"
LEFT_OUT = "left_out"

STATUS_LABELS = {
    REACHED: _("Reached"),
    NOT_REACHED: _("Not reached"),
    LEFT_OUT: _("Left out"),
}


@dataclass
class GroupReach:
    """One target group of the mandate and how it was reached."""

    target_group: TargetGroup
    participants: int = 0  # at the dialogue's held activities
    online: int = 0  # views given online, placed in the group by their background answers

    @property
    def label(self) -> str:
        return self.target_group.label

    @property
    def included(self) -> bool:
        return self.target_group.included

    @property
    def reached(self) -> bool:
        return self.participants > 0 or self.online > 0

    @property
    def status(self) -> str:
        if not self.included:
            return LEFT_OUT
        return REACHED if self.reached else NOT_REACHED

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class HeldActivity:
    """A held activity with the counts recorded for it and its evaluation."""

    activity: Activity
    counts: dict[int, int] = field(default_factory=dict)  # target group id -> participants
    evaluation: ActivityEvaluation | None = None

    @property
    def recorded(self) -> bool:
        return bool(self.counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class DialogueReach:
    groups: list[GroupReach]
    held: list[HeldActivity]
    evaluation_required: bool = False

    @property
    def included(self) -> list[GroupReach]:
        return [g for g in self.groups if g.included]

    @property
    def reached(self) -> list[GroupReach]:
        return [g for g in self.groups if g.status == REACHED]

    @property
    def not_reached(self) -> list[GroupReach]:
        return [g for g in self.groups if g.status == NOT_REACHED]

    @property
    def unevaluated(self) -> list[Activity]:
        return [h.activity for h in self.held if h.evaluation is None]

    def __bool__(self) -> bool:
        return bool(self.groups or self.held)


def _held(activities: Iterable[Activity]) -> list[Activity]:
    return [a for a in activities if a.status == Activity.Status.HELD]


def evaluation_required(dialogue) -> bool:
    """Whether the dialogue's profile asks for an evaluation of every held activity [HAG]."""
    profile = dialogue.policy_profile if dialogue.policy_profile_id else None
    return bool(profile and profile.activity_evaluation_required)


def dialogue_reach(dialogue) -> DialogueReach:
    """The dialogue's held activities with their counts and evaluations, and each target
    group's reach. Reads the prefetched activities and target groups when there are."""
    cached = getattr(dialogue, "_reach_cache", None)
    if cached is not None:
        return cached
    held = _held(dialogue.activities.all())
    groups = list(dialogue.target_groups.all())
    # By the dialogue, not by a list of ids: the same two queries with or without held
    # activities (an empty list of ids would skip them), so the page's count does not move.
    of_held = {
        "activity__dialogue_id": dialogue.pk,
        "activity__status": Activity.Status.HELD,
        "activity__withdrawn_at__isnull": True,
    }
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for activity_id, group_id, participants in ActivityReach.objects.filter(**of_held).values_list(
        "activity_id", "target_group_id", "participants"
    ):
        counts[activity_id][group_id] = participants
    evaluations = {
        e.activity_id: e
        for e in ActivityEvaluation.objects.filter(**of_held).select_related("written_by")
    }
    online = _from_sources(groups)
    per_group: dict[int, int] = defaultdict(int)
    for by_group in counts.values():
        for group_id, participants in by_group.items():
            per_group[group_id] += participants
    result = DialogueReach(
        groups=[
            GroupReach(target_group=g, participants=per_group[g.pk], online=online.get(g.pk, 0))
            for g in groups
        ],
        held=[
            HeldActivity(activity=a, counts=counts.get(a.pk, {}), evaluation=evaluations.get(a.pk))
            for a in held
        ],
        evaluation_required=evaluation_required(dialogue),
    )
    dialogue._reach_cache = result
    return result


def reach_by_dialogue(dialogue_ids: Iterable[int]) -> dict[int, list[GroupReach]]:
    """Each dialogue's target groups (in the mandate's order) with their reach: participants at
    its held activities and views given online. For the municipality's follow-up: three
    queries and one per reach source, whatever the number of dialogues. A dialogue without
    target groups maps to an empty list."""
    ids = list(dialogue_ids)
    groups = list(TargetGroup.objects.filter(dialogue_id__in=ids).order_by("dialogue_id", "pk"))
    participants = dict(
        ActivityReach.objects.filter(
            target_group__dialogue_id__in=ids,
            activity__status=Activity.Status.HELD,
            activity__withdrawn_at__isnull=True,
        )
        .order_by()
        .values("target_group_id")
        .annotate(total=Sum("participants"))
        .values_list("target_group_id", "total")
    )
    online = _from_sources(groups)
    result: dict[int, list[GroupReach]] = {pk: [] for pk in ids}
    for g in groups:
        result[g.dialogue_id].append(
            GroupReach(
                target_group=g,
                participants=participants.get(g.pk) or 0,
                online=online.get(g.pk, 0),
            )
        )
    return result


def unevaluated_activities(dialogue) -> list[Activity]:
    """The dialogue's held activities (from its prefetched list) that have no evaluation."""
    held = _held(dialogue.activities.all())
    evaluated = set(
        ActivityEvaluation.objects.filter(activity__dialogue_id=dialogue.pk).values_list(
            "activity_id", flat=True
        )
    )
    return [a for a in held if a.pk not in evaluated]


def forget(dialogue) -> None:
    """Drop the cached reach of a dialogue instance (after a change in the same request)."""
    if hasattr(dialogue, "_reach_cache"):
        del dialogue._reach_cache

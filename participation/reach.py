"""Views given online counted as reach of the mandate's target groups (issue 16).

The online form's background questions (participation.models.online: age group, area, who
answers) place a view in a target group where they match it:

- an age under 18 (0-12, 13-17 years): children and young people;
- an area: a group the mandate names itself (“other group”) after that area, e.g. “Boende i
  Norrby” does not match, “Norrby” does (the names compared without case).

Who answers (resident, visitor, business, association) names no target group of the presets,
so it places no view. A view counts when it was accepted (into the input register, on the
purpose or off-topic) and its input has not been withdrawn.

`dialog.reach` asks for these counts through its registry (`register_reach_source`, called from
this app's AppConfig.ready): dialog does not import this app.
"""

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count

from dialog.models import AgeBand

from .models import Submission

# The age groups of the online form that make a view one of children and young people's.
CHILDREN_AND_YOUNG = frozenset({AgeBand.UNDER_13.value, AgeBand.TEENS.value})
GROUP_BY_AGE = {"children_young": CHILDREN_AND_YOUNG}
COUNTED = (Submission.Status.ACCEPTED, Submission.Status.OFF_TOPIC)


def _matches(group, age_band: str, area_name: str) -> bool:
    ages = GROUP_BY_AGE.get(group.group)
    if ages is not None:
        return age_band in ages
    if group.group == "other" and area_name:
        return group.name.strip().casefold() == area_name.strip().casefold()
    return False


def online_views_by_group(target_groups: Sequence) -> dict[int, int]:
    """{target group id: accepted views given online placed in it}, for the target groups of
    one or more dialogues: one query, grouped by dialogue and background answers."""
    by_dialogue = defaultdict(list)
    for group in target_groups:
        by_dialogue[group.dialogue_id].append(group)
    if not by_dialogue:
        return {}
    rows = (
        Submission.objects.filter(
            dialogue_id__in=list(by_dialogue),
            status__in=COUNTED,
            input_item__withdrawn_at__isnull=True,
        )
        .order_by()
        .values_list("dialogue_id", "age_band", "area__name")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, int] = defaultdict(int)
    for dialogue_id, age_band, area_name, n in rows:
        for group in by_dialogue[dialogue_id]:
            if _matches(group, age_band or "", area_name or ""):
                counts[group.pk] += n
    return dict(counts)


def register() -> None:
    from dialog.reach import register_reach_source

    register_reach_source(online_views_by_group, key="participation.online_views")

"""Reads of a dialogue's stored input counts (`InputCount`, kept by triggers): what the
execution and compilation panels, the step checks and the PDFs show, in one small query each
whatever the number of inputs (issue 11)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import AgeBand, Gender, Theme
from .models.counts import (
    AGE_BAND,
    ALL_INPUTS,
    AREA,
    CHANNEL,
    GENDER,
    TOTAL,
    UNTAGGED,
    InputCount,
)


@dataclass(frozen=True)
class Totals:
    """How many inputs a dialogue has, within its purpose and off-topic, and how many of those
    within it are tagged to no theme."""

    within: int = 0
    off_topic: int = 0
    untagged: int = 0

    @property
    def total(self) -> int:
        return self.within + self.off_topic


def totals(dialogue) -> Totals:
    """One query on at most four stored counts; none when the dialogue was read for its page
    (`dialog.selectors.dialogue_detail` reads them along)."""
    preloaded = getattr(dialogue, "_input_totals", None)
    if preloaded is not None:
        return preloaded
    rows = InputCount.objects.filter(
        dialogue=dialogue, theme_id=ALL_INPUTS, dimension__in=(TOTAL, UNTAGGED)
    ).values_list("dimension", "within_purpose", "n")
    found = {(dimension, within): n for dimension, within, n in rows}
    return Totals(
        within=found.get((TOTAL, True), 0),
        off_topic=found.get((TOTAL, False), 0),
        untagged=found.get((UNTAGGED, True), 0),
    )


class Counts:
    """Every stored count of one dialogue, read in one query (a few rows per theme and per
    group value, never one per input)."""

    def __init__(self, dialogue):
        self._n: dict[tuple, int] = defaultdict(int)
        self._values: dict[str, set[str]] = defaultdict(set)
        rows = (
            InputCount.objects.filter(dialogue=dialogue)
            .exclude(n=0)
            .values_list("theme_id", "dimension", "value", "within_purpose", "n")
        )
        for theme_id, dimension, value, within, n in rows:
            self._n[theme_id, dimension, value, within] = n
            if theme_id == ALL_INPUTS:
                self._values[dimension].add(value)

    def n(self, dimension: str, value: str = "", *, theme_id=ALL_INPUTS, within=None) -> int:
        """Inputs with `value` in `dimension` (of the theme, or all); within the purpose,
        off-topic, or both (None)."""
        kinds = (True, False) if within is None else (within,)
        return sum(self._n.get((theme_id, dimension, value, w), 0) for w in kinds)

    def by_value(self, dimension: str, *, theme_id=ALL_INPUTS, within=None) -> dict[str, int]:
        """{value: inputs}, zeros left out."""
        found = {
            value: self.n(dimension, value, theme_id=theme_id, within=within)
            for value in self._values[dimension]
        }
        return {value: n for value, n in found.items() if n}

    @property
    def totals(self) -> Totals:
        return Totals(
            within=self.n(TOTAL, within=True),
            off_topic=self.n(TOTAL, within=False),
            untagged=self.n(UNTAGGED, within=True),
        )

    def channels(self) -> dict[tuple[str, bool, int | None], int]:
        """{(source, imported, activity id): inputs}."""
        found = {}
        for value, n in self.by_value(CHANNEL).items():
            source, imported, activity = value.split("|")
            found[source, imported == "i", int(activity) if activity else None] = n
        return found


# -- The compilation panel (step 6) -----------------------------------------------------------


@dataclass
class GroupRow:
    """One value of a group (an age band, a gender, an area): its inputs in all and per theme."""

    value: str
    label: str
    total: int
    by_theme: list[int]


@dataclass
class CompilationCounts:
    themes: list[tuple]  # (theme, inputs within the purpose tagged to it)
    within: int = 0
    off_topic: int = 0
    untagged: int = 0
    groups: list[tuple[str, list[GroupRow]]] = field(default_factory=list)


def compilation_counts(dialogue) -> CompilationCounts:
    """The inputs within the purpose counted per theme, and per age band, gender and area in
    all and per theme. Two queries (the themes, the counts) whatever the number of inputs."""
    themes = list(Theme.objects.filter(dialogue=dialogue))
    counts = Counts(dialogue)
    totals = counts.totals
    result = CompilationCounts(
        themes=[(t, counts.n(TOTAL, theme_id=t.pk, within=True)) for t in themes],
        within=totals.within,
        off_topic=totals.off_topic,
        untagged=totals.untagged,
    )
    labels = {AGE_BAND: dict(AgeBand.choices), GENDER: dict(Gender.choices), AREA: {}}
    orders = {AGE_BAND: AgeBand.values, GENDER: Gender.values, AREA: []}
    titles = {AGE_BAND: _("Age band"), GENDER: _("Gender"), AREA: _("Area")}
    for dimension in (AGE_BAND, GENDER, AREA):
        order = orders[dimension]

        def sort_key(value, order=order):
            # Known choices in their order, other values alphabetically, "not stated" last.
            return (value == "", order.index(value) if value in order else len(order), value)

        rows = [
            GroupRow(
                value=value,
                label=str(labels[dimension].get(value, value)) if value else _("Not stated"),
                total=total,
                by_theme=[counts.n(dimension, value, theme_id=t.pk, within=True) for t in themes],
            )
            for value, total in sorted(
                counts.by_value(dimension, within=True).items(),
                key=lambda item: sort_key(item[0]),
            )
        ]
        result.groups.append((titles[dimension], rows))
    return result

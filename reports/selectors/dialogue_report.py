"""The dialogue report: what was asked, who took part, what residents said and what came of it."""

from collections import Counter

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from dialog import selectors_counts
from dialog.models import Assignment, DecisionPoint, Dialogue, Forwarding, InputItem, Theme
from dialog.models.counts import TOTAL

from ..models import Report
from ..rendering import Document
from .pieces import (
    _counts,
    _fields,
    _header,
    _held_activities,
    participation_aggregates,
)
from .reads import person_name

QUOTES_PER_THEME = 3


def quotes_by_theme(themes: list[Theme]) -> dict[int, list[str]]:
    """A few views filed under each theme: the text only, nothing about who wrote it.

    Two queries for all themes: the tags are numbered per theme in the database (a window), and
    only the first QUOTES_PER_THEME of each are fetched, whatever the number of inputs.
    """
    if not themes:
        return {}
    Tag = InputItem.themes.through
    numbered = (
        Tag.objects.filter(theme_id__in=[t.pk for t in themes], inputitem__within_purpose=True)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("theme_id")],
                order_by=[F("inputitem__received_on").asc(), F("inputitem_id").asc()],
            )
        )
        .filter(position__lte=QUOTES_PER_THEME)
        .order_by("theme_id", "position")
        .values_list("theme_id", "inputitem_id")
    )
    chosen = list(numbered)
    # The texts in a second query, for the chosen few only: the numbering sorts narrow rows.
    texts = dict(
        InputItem.objects.filter(pk__in={pk for _theme, pk in chosen}).values_list("pk", "text")
    )
    quotes: dict[int, list[str]] = {t.pk: [] for t in themes}
    for theme_id, pk in chosen:
        quotes[theme_id].append(texts[pk])
    return quotes


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


def dialogue_report_title(dialogue: Dialogue) -> str:
    return str(_("Dialogue report: %(title)s") % {"title": dialogue.title})


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
    quotes = quotes_by_theme(themes)
    counts = selectors_counts.Counts(dialogue)
    by_source: Counter = Counter()
    for (source, _imported, _activity), n in counts.channels().items():
        by_source[source] += n
    # The forwarded among the off-topic inputs (a partial index holds those: a few rows).
    forwarded = (
        Forwarding.objects.filter(input_item__dialogue=dialogue, input_item__within_purpose=False)
        .values("input_item")
        .distinct()
        .count()
    )
    title = dialogue_report_title(dialogue)
    context = {
        "dialogue": dialogue,
        **_header(dialogue, _("Dialogue report")),
        "mandate": mandate,
        "asked": [(_("Question"), dialogue.question)]
        + _fields(mandate, ["purpose", "influence", "target_groups", "timeline"]),
        "held_activities": held,
        "politicians": politicians,
        "participation": participation_aggregates(counts),
        "by_source": _counts(by_source, InputItem.Source.choices, _("Not stated")),
        "themes": [{"theme": t, "quotes": quotes.get(t.pk, [])} for t in themes],
        "off_topic_count": counts.n(TOTAL, within=False),
        "forwarded_count": forwarded,
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

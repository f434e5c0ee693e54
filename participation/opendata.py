"""Open data: the published dialogues as JSON and CSV, and an Atom feed of new dialogues and
published feedback. Aggregates only: no person but the body, no resident's words, and counts of
1 to 4 left empty with a flag (core.smallcounts)."""

import csv
import io
import json
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import feedgenerator, timezone

from core import smallcounts
from dialog.models import ActionItem, Decision, DecisionPoint, InputItem, ResidentFeedback, Theme

from . import selectors
from .models import RESULTS_STATES

CSV_COLUMNS = [
    "id",
    "url",
    "title",
    "status",
    "step",
    "participation_level",
    "body",
    "case_number",
    "areas",
    "topics",
    "target_groups",
    "published_at",
    "summary",
    "activities",
    "views_within_purpose",
    "views_within_purpose_suppressed",
    "decided_on",
    "feedback_published_on",
    "actions",
    "actions_done",
]


@dataclass
class Row:
    values: dict
    themes: list[dict]


def rows(build_url) -> list[Row]:
    """One row per published dialogue, in a handful of queries whatever their number."""
    pages = list(selectors.with_target_groups(selectors.published()))
    ids = [p.dialogue_id for p in pages]
    views = dict(
        InputItem.objects.filter(dialogue_id__in=ids, within_purpose=True)
        .values_list("dialogue_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    themes: dict[int, list[tuple[str, int]]] = {}
    for dialogue_id, name, n in (
        Theme.objects.filter(dialogue_id__in=ids)
        .annotate(n=Count("inputs", filter=Q(inputs__within_purpose=True)))
        .values_list("dialogue_id", "name", "n")
        .order_by("dialogue_id", "name")
    ):
        themes.setdefault(dialogue_id, []).append((name, n))
    decided = dict(
        Decision.objects.filter(
            dialogue_id__in=ids, point=DecisionPoint.FINAL, outcome=Decision.Outcome.APPROVED
        ).values_list("dialogue_id", "decided_on")
    )
    feedback = dict(
        ResidentFeedback.objects.filter(
            dialogue_id__in=ids, published_on__isnull=False
        ).values_list("dialogue_id", "published_on")
    )
    actions = {
        row["dialogue_id"]: row
        for row in ActionItem.objects.filter(dialogue_id__in=ids)
        .values("dialogue_id")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(status=ActionItem.Status.DONE)))
        .order_by()
    }
    activities = dict(
        selectors.public_activities(ids)
        .values_list("dialogue_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out = []
    for page in pages:
        dialogue = page.dialogue
        results = dialogue.state in RESULTS_STATES
        count, held_back = (
            smallcounts.suppressed(views.get(dialogue.pk, 0)) if results else (None, False)
        )
        action_row = actions.get(dialogue.pk, {}) if dialogue.pk in decided else {}
        values = {
            "id": dialogue.pk,
            "url": build_url(dialogue.pk),
            "title": dialogue.title,
            "status": selectors.status_of(dialogue.state),
            "step": dialogue.step_number or 9,
            "participation_level": dialogue.participation_level,
            "body": dialogue.body.name,
            "case_number": dialogue.case_number or "",
            "areas": [a.name for a in page.areas.all()],
            "topics": [t.name for t in page.topics.all()],
            "target_groups": [g.group for g in dialogue.public_groups],
            "published_at": page.published_at.isoformat(),
            "summary": page.summary,
            "activities": activities.get(dialogue.pk, 0),
            "views_within_purpose": count,
            "views_within_purpose_suppressed": held_back,
            "decided_on": decided[dialogue.pk].isoformat() if dialogue.pk in decided else None,
            "feedback_published_on": (
                feedback[dialogue.pk].isoformat() if dialogue.pk in feedback else None
            ),
            "actions": action_row.get("n", 0),
            "actions_done": action_row.get("done", 0),
        }
        theme_rows = []
        if results:
            for name, n in themes.get(dialogue.pk, []):
                value, small = smallcounts.suppressed(n)
                theme_rows.append({"theme": name, "views": value, "views_suppressed": small})
        out.append(Row(values=values, themes=theme_rows))
    return out


def as_json(data: list[Row], *, municipality: str, licence_url: str = "") -> str:
    document = {
        "municipality": municipality,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "small_count_threshold": smallcounts.threshold(),
        "dialogues": [{**row.values, "themes": row.themes} for row in data],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def as_csv(data: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in data:
        values = []
        for column in CSV_COLUMNS:
            value = row.values[column]
            if isinstance(value, list):
                value = "; ".join(value)
            elif isinstance(value, bool):
                value = "1" if value else "0"
            elif value is None:
                value = ""
            values.append(_safe(str(value)))
        writer.writerow(values)
    return buffer.getvalue()


def _safe(value: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet: kept as text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def atom(*, title: str, link: str, feed_url: str, entries: list[dict], language: str) -> str:
    feed = feedgenerator.Atom1Feed(
        title=title, link=link, description="", language=language, feed_url=feed_url
    )
    for entry in entries:
        feed.add_item(
            title=entry["title"],
            link=entry["link"],
            description=entry["description"],
            unique_id=entry["id"],
            updateddate=entry["updated"],
            pubdate=entry["updated"],
        )
    return feed.writeString("utf-8")

"""The public pages' reads: only published dialogues, only what residents may see.

Everything here reads dialog's models read-only; nothing internal (notes, drafts, residents'
views, names other than the responsible official's) is ever selected for a page.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from dialog.models import ActionItem, Activity, Decision, DecisionPoint, InputItem, Theme

from .models import (
    COMING_STATES,
    OPEN_STATES,
    PUBLISHABLE_STATES,
    RESULTS_STATES,
    PublicDialogue,
)


def published() -> QuerySet[PublicDialogue]:
    """The published pages of dialogues in a state that may be shown."""
    return (
        PublicDialogue.objects.filter(is_published=True, dialogue__state__in=PUBLISHABLE_STATES)
        .select_related("dialogue", "dialogue__body")
        .prefetch_related("areas", "topics")
        .order_by("-published_at", "-pk")
    )


def status_of(state: str) -> str:
    if state in OPEN_STATES:
        return "open"
    if state in COMING_STATES:
        return "coming"
    return "finished"


def grouped(pages) -> dict[str, list[PublicDialogue]]:
    """The start page's three lists: open now, coming, finished."""
    groups = {"open": [], "coming": [], "finished": []}
    for page in pages:
        groups[status_of(page.dialogue.state)].append(page)
    return groups


def require_published(dialogue_id: int) -> None:
    """404 unless the dialogue is published: one query, before a cached page is served."""
    if not published().filter(dialogue_id=dialogue_id).values("pk").exists():
        raise Http404("No published dialogue")


def public_page(dialogue_id: int) -> PublicDialogue:
    """The published page of the dialogue, or 404: unpublished and unknown look the same."""
    page = (
        published()
        .select_related("dialogue__responsible_official", "dialogue__mandate")
        .filter(dialogue_id=dialogue_id)
        .first()
    )
    if page is None:
        raise Http404("No published dialogue")
    return page


def public_activities(dialogue_ids) -> QuerySet[Activity]:
    """Activities residents can take part in (with a date), cancelled ones shown as such."""
    return (
        Activity.objects.filter(dialogue_id__in=dialogue_ids, starts_at__isnull=False)
        .select_related("method")
        .only(
            "pk",
            "dialogue_id",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "link",
            "status",
            "updated_at",
            "method__name",
        )
        .order_by("starts_at", "pk")
    )


def feed_activities() -> QuerySet[Activity]:
    return (
        public_activities(published().values("dialogue_id"))
        .select_related("dialogue")
        .only(
            "pk",
            "dialogue_id",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "link",
            "status",
            "updated_at",
            "method__name",
            "dialogue__title",
        )
    )


@dataclass
class ThemeCount:
    name: str
    count: int


@dataclass
class Results:
    total: int
    themes: list[ThemeCount]


def results(dialogue) -> Results | None:
    """Counts by theme of the views within the dialogue's purpose, once results are presented.
    Aggregates only: no view's text leaves the database."""
    if dialogue.state not in RESULTS_STATES:
        return None
    total = InputItem.objects.filter(dialogue=dialogue, within_purpose=True).count()
    themes = (
        Theme.objects.filter(dialogue=dialogue)
        .annotate(n=Count("inputs", filter=Q(inputs__within_purpose=True)))
        .values_list("name", "n")
        .order_by("-n", "name")
    )
    return Results(total=total, themes=[ThemeCount(name, n) for name, n in themes])


def final_decision(dialogue) -> Decision | None:
    return (
        Decision.objects.filter(
            dialogue=dialogue, point=DecisionPoint.FINAL, outcome=Decision.Outcome.APPROVED
        )
        .select_related("body")
        .only("decided_on", "paragraph", "text", "outcome", "body__name", "body__code")
        .first()
    )


def published_feedback(dialogue):
    """The feedback to residents, once the official has published it."""
    from dialog.models import ResidentFeedback

    return (
        ResidentFeedback.objects.filter(dialogue=dialogue, published_on__isnull=False)
        .only("what_we_heard", "what_we_decided", "why", "published_on")
        .first()
    )


def action_plan(dialogue) -> list[ActionItem]:
    """The actions and their progress; who is responsible inside is not shown."""
    return list(
        ActionItem.objects.filter(dialogue=dialogue).only("action", "due_on", "status", "pk")
    )


def included_target_groups(dialogue) -> list[str]:
    return [group.label for group in dialogue.target_groups.filter(included=True)]


def with_target_groups(pages):
    return pages.prefetch_related(
        Prefetch("dialogue__target_groups", to_attr="public_groups", queryset=_included_groups())
    )


def _included_groups():
    from dialog.models import TargetGroup

    return TargetGroup.objects.filter(included=True).only("pk", "dialogue_id", "group", "name")


def published_feedback_entries():
    """Published feedback to residents of published dialogues, newest first, each with the
    moment it was published (its date at midnight, local time) for the news feed."""
    from datetime import datetime, time

    from django.utils import timezone

    from dialog.models import ResidentFeedback

    items = list(
        ResidentFeedback.objects.filter(
            published_on__isnull=False,
            dialogue__public_page__is_published=True,
            dialogue__state__in=PUBLISHABLE_STATES,
        )
        .select_related("dialogue")
        .only("dialogue_id", "dialogue__title", "what_we_decided", "published_on")
        .order_by("-published_on", "-pk")
    )
    for item in items:
        item.published_moment = timezone.make_aware(datetime.combine(item.published_on, time()))
    return items

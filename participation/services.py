"""The only place the public pages' data changes: keyword-only, atomic, the dialogue's row locked
first (dialog.services.case.access_dialogue), the permission checked on what is then current."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ConditionsUnmet, Conflict, PermissionRefused
from dialog.models import Dialogue
from dialog.services.case import access_dialogue

from . import cache, notifications, rules
from .models import PublicationEvent, PublicDialogue

PUBLISH = "participation.publish_dialogue"
TEXTS = ("summary", "cannot_influence", "summary_en", "summary_easy")


def _page_for_change(dialogue_id: int, user) -> PublicDialogue:
    try:
        dialogue = access_dialogue(dialogue_id, user, PUBLISH)
    except PermissionRefused:
        # dialog words its own permissions' refusals; this one is ours.
        dialogue = Dialogue.objects.select_related("body").get(pk=dialogue_id)
        raise PermissionRefused(rules.denied_reason(PUBLISH, dialogue)) from None
    page, _created = PublicDialogue.objects.get_or_create(dialogue=dialogue)
    page.dialogue = dialogue  # the locked, current row
    page._history_user = user  # simple-history: who, also outside a request
    return page


def update_details(
    *,
    dialogue_id: int,
    user,
    summary: str = "",
    cannot_influence: str = "",
    summary_en: str = "",
    summary_easy: str = "",
    areas=(),
    topics=(),
) -> PublicDialogue:
    """Save what residents read beside the case's own data, and the areas and topics."""
    with transaction.atomic():
        page = _page_for_change(dialogue_id, user)
        page.summary = (summary or "").strip()
        page.cannot_influence = (cannot_influence or "").strip()
        page.summary_en = (summary_en or "").strip()
        page.summary_easy = (summary_easy or "").strip()
        problems = {
            field: _("Write at most %(n)s characters (now %(length)s).")
            % {"n": limit, "length": len(getattr(page, field))}
            for field in TEXTS
            if len(getattr(page, field))
            > (limit := PublicDialogue._meta.get_field(field).max_length)
        }
        if problems:
            raise ValidationError(problems)
        if page.is_published:
            problems = {}
            if not page.summary:
                problems["summary"] = _("A published page needs its summary in plain language.")
            if not page.cannot_influence:
                problems["cannot_influence"] = _(
                    "A published page must say what cannot be influenced."
                )
            if problems:
                raise ValidationError(problems)
        page.save()
        page.areas.set(areas)
        page.topics.set(topics)
    cache.bump(dialogue_id)
    return page


def publish(*, dialogue_id: int, user) -> PublicDialogue:
    """Show the dialogue's page to residents. Raises PermissionRefused, Conflict when already
    published, ConditionsUnmet with what is missing."""
    with transaction.atomic():
        page = _page_for_change(dialogue_id, user)
        if page.is_published:
            raise Conflict(_("The dialogue is already published."))
        missing = page.publish_missing()
        if missing:
            raise ConditionsUnmet(missing)
        now = timezone.now()
        page.is_published = True
        page.published_at = now
        page.published_by = user
        page.save()
        PublicationEvent.objects.create(
            public_dialogue=page, action=PublicationEvent.Action.PUBLISHED, at=now, by=user
        )
        # Feedback published while the page was not: the addresses get it now.
        notifications.feedback_may_be_public(dialogue_id=dialogue_id)
    cache.bump(dialogue_id)
    return page


def unpublish(*, dialogue_id: int, user) -> PublicDialogue:
    """Take the page down (residents get a 404); the data stays for publishing again."""
    with transaction.atomic():
        page = _page_for_change(dialogue_id, user)
        if not page.is_published:
            raise Conflict(_("The dialogue is not published."))
        now = timezone.now()
        page.is_published = False
        page.unpublished_at = now
        page.unpublished_by = user
        page.save()
        PublicationEvent.objects.create(
            public_dialogue=page, action=PublicationEvent.Action.UNPUBLISHED, at=now, by=user
        )
    cache.bump(dialogue_id)
    return page

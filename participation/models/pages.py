"""What the residents' side adds to a dialogue: whether it is published, by whom and when, the
areas and topics the public filters use, and the summaries written for residents."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialog.models import Dialogue, State

# The states in which a dialogue may be published: once its mandate is decided, never while it
# is only proposed, nor after it was rejected or cancelled.
PUBLISHABLE_STATES = [
    State.PLANNING,
    State.LAUNCH_DECISION,
    State.EXECUTION,
    State.COMPILATION,
    State.FEEDBACK,
    State.PROCESSING,
    State.DECISION,
    State.CLOSED,
]
COMING_STATES = [State.PLANNING, State.LAUNCH_DECISION]
OPEN_STATES = [State.EXECUTION]
FINISHED_STATES = [
    State.COMPILATION,
    State.FEEDBACK,
    State.PROCESSING,
    State.DECISION,
    State.CLOSED,
]
# From here on the official's compilation of the results has been presented.
RESULTS_STATES = [State.FEEDBACK, State.PROCESSING, State.DECISION, State.CLOSED]


class Area(models.Model):
    """A part of the municipality residents filter by (a district, a village); editable in admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A subject residents filter by (school, traffic, culture); editable in admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class PublicDialogue(models.Model):
    """A dialogue's public page: shown to residents only while `is_published`."""

    dialogue = models.OneToOneField(
        Dialogue, on_delete=models.PROTECT, related_name="public_page", verbose_name=_("dialogue")
    )
    # Set only by participation.services.publish / unpublish (not editable in any form).
    is_published = models.BooleanField(_("published"), default=False, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    unpublished_at = models.DateTimeField(
        _("unpublished at"), null=True, blank=True, editable=False
    )
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unpublished by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    areas = models.ManyToManyField(Area, verbose_name=_("areas"), blank=True, related_name="+")
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    summary = models.TextField(
        _("summary in plain language"),
        max_length=2000,
        blank=True,
        help_text=_("What the dialogue is about, for residents, in a few sentences."),
    )
    cannot_influence = models.TextField(
        _("what cannot be influenced"),
        max_length=2000,
        blank=True,
        help_text=_("What is already decided or outside the dialogue, so that nobody is misled."),
    )
    summary_en = models.TextField(
        _("summary in English"),
        max_length=2000,
        blank=True,
        help_text=_("Optional: shown on the English page."),
    )
    summary_easy = models.TextField(
        _("easy-to-read summary (lättläst)"),
        max_length=2000,
        blank=True,
        help_text=_("Optional: short sentences and common words."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[areas, topics])

    class Meta:
        verbose_name = _("public dialogue page")
        verbose_name_plural = _("public dialogue pages")

    def __str__(self) -> str:
        return str(self.dialogue)

    def publish_missing(self) -> list[str]:
        """What keeps the page from being published now, in the user's language."""
        missing = []
        if self.dialogue.state not in PUBLISHABLE_STATES:
            missing.append(
                str(
                    _(
                        "A dialogue can be published once its mandate has been decided, and not "
                        "after it was rejected or cancelled."
                    )
                )
            )
        if not self.summary.strip():
            missing.append(str(_("a summary in plain language")))
        if not self.cannot_influence.strip():
            missing.append(str(_("what cannot be influenced")))
        return missing


class PublicationEvent(models.Model):
    """Each publishing and unpublishing, with who and when: the page's timeline."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    public_dialogue = models.ForeignKey(
        PublicDialogue, on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("publication event")
        verbose_name_plural = _("publication events")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

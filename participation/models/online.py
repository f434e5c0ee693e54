"""Views given online (issue 13, item 2): a dialogue's online form with its questions, and each
resident's submission waiting for an official's moderation.

A submission is anonymous: no name, no address (an address left for the feedback goes to
participation.subscriptions, apart from the answer). Choice and scale answers are stored one
row per answer, so that the compilation can count them per question. Nothing is deleted:
moderation accepts a submission into the input register (dialog.InputItem, source web_form),
accepts it as off-topic (an input outside the dialogue's purpose, handled as the mandate says),
or hides it with a reason kept in the history.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialog.models import AgeBand, Dialogue, InputItem

from .pages import Area

# The longest view a resident can send, and the longest answer to a free-text question.
VIEW_MAX_LENGTH = 5000
ANSWER_MAX_LENGTH = 2000


class RespondentType(models.TextChoices):
    """Who answers, as the seeds name the groups [FOR]: residents, visitors, businesses,
    associations (civil society)."""

    RESIDENT = "resident", _("I live in the municipality")
    VISITOR = "visitor", _("I visit the municipality")
    BUSINESS = "business", _("I answer for a business")
    ASSOCIATION = "association", _("I answer for an association")


class OnlineForm(models.Model):
    """A dialogue's online form. Residents can answer while it is open, between its opening and
    closing dates, and the dialogue is published and at the execution step."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    dialogue = models.OneToOneField(
        Dialogue, on_delete=models.PROTECT, related_name="online_form", verbose_name=_("dialogue")
    )
    intro = models.TextField(
        _("introduction"),
        max_length=2000,
        blank=True,
        help_text=_("A few sentences for residents above the form."),
    )
    view_label = models.CharField(
        _("the free-text question"),
        max_length=300,
        blank=True,
        help_text=_("Asked above the free-text field; empty: “Your view”."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    ask_age = models.BooleanField(_("ask for the age group"), default=False)
    ask_area = models.BooleanField(_("ask for the area"), default=False)
    ask_respondent_type = models.BooleanField(
        _("ask who answers (resident, visitor, business, association)"),
        default=False,
    )
    # Set only by participation.online_services.open_form / close_form.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("online form")
        verbose_name_plural = _("online forms")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="online_form_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return str(self.dialogue)

    def within_dates(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def accepts_answers(self, today=None) -> bool:
        """Open, within its dates, the dialogue at the execution step (publication is checked
        by the caller, from the public page)."""
        from dialog.models import State

        return (
            self.status == self.Status.OPEN
            and self.within_dates(today)
            and self.dialogue.state == State.EXECUTION
        )


class Question(models.Model):
    """A question the official adds to the form; every question is optional to answer unless
    marked required."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Free text")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale 1–5")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)

    form = models.ForeignKey(
        OnlineForm, on_delete=models.PROTECT, related_name="questions", verbose_name=_("form")
    )
    kind = models.CharField(_("kind of question"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    low_label = models.CharField(
        _("label of 1 on the scale"), max_length=60, blank=True, help_text=_("e.g. “Not at all”")
    )
    high_label = models.CharField(
        _("label of 5 on the scale"), max_length=60, blank=True, help_text=_("e.g. “Very much”")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def dialogue_id(self) -> int:
        """The form's primary key path to the dialogue, for the public pages' cache."""
        return self.form.dialogue_id

    @property
    def is_choice(self) -> bool:
        return self.kind in self.CHOICE_KINDS


class Option(models.Model):
    """One answer to choose from, in a single- or multiple-choice question."""

    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="options", verbose_name=_("question")
    )
    text = models.CharField(_("option"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.text

    @property
    def dialogue_id(self) -> int:
        return self.question.form.dialogue_id


class Submission(models.Model):
    """One resident's answer, anonymous, waiting for moderation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        ACCEPTED = "accepted", _("Accepted into the input register")
        OFF_TOPIC = "off_topic", _("Accepted as off-topic")
        HIDDEN = "hidden", _("Hidden")

    form = models.ForeignKey(
        OnlineForm, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("form")
    )
    # The form's dialogue, kept here for the moderation queue and the public pages' cache.
    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.PROTECT, related_name="+", verbose_name=_("dialogue")
    )
    # The form's one-time token: a form posted twice stores one submission.
    token = models.UUIDField(_("form token"), unique=True, default=uuid.uuid4, editable=False)
    text = models.TextField(_("view"), max_length=VIEW_MAX_LENGTH)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    age_band = models.CharField(_("age group"), max_length=10, choices=AgeBand.choices, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    respondent_type = models.CharField(
        _("respondent"), max_length=20, choices=RespondentType.choices, blank=True
    )
    # Set only by participation.online_services' moderation.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hidden_reason = models.TextField(_("why it was hidden"), max_length=1000, blank=True)
    input_item = models.OneToOneField(
        InputItem,
        verbose_name=_("input"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="online_submission",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("online submission")
        verbose_name_plural = _("online submissions")
        indexes = [models.Index(fields=["dialogue", "status"], name="online_sub_dialogue_status")]
        constraints = [
            # Accepted (on or off topic) exactly when it is in the input register.
            models.CheckConstraint(
                condition=(
                    Q(status__in=["accepted", "off_topic"], input_item__isnull=False)
                    | (~Q(status__in=["accepted", "off_topic"]) & Q(input_item__isnull=True))
                ),
                name="online_submission_accepted_has_input",
            ),
            models.CheckConstraint(
                condition=~Q(status="hidden") | ~Q(hidden_reason=""),
                name="online_submission_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.submitted_at:%Y-%m-%d}"


class ChoiceAnswer(models.Model):
    """One option chosen (one row per option in a multiple-choice question)."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="choices")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="answers")

    class Meta:
        verbose_name = _("choice answer")
        verbose_name_plural = _("choice answers")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "option"], name="online_choice_once_per_submission"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id}"


class ScaleAnswer(models.Model):
    """A value from 1 to 5 given to a scale question."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="scales")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="scale_answers")
    value = models.PositiveSmallIntegerField(_("value"))

    class Meta:
        verbose_name = _("scale answer")
        verbose_name_plural = _("scale answers")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question"], name="online_scale_once_per_submission"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="online_scale_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"


class TextAnswer(models.Model):
    """An answer to one of the official's free-text questions: shown to staff only."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="texts")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="text_answers")
    text = models.TextField(_("answer"), max_length=ANSWER_MAX_LENGTH)

    class Meta:
        verbose_name = _("free-text answer")
        verbose_name_plural = _("free-text answers")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question"], name="online_text_once_per_submission"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.text[:40]}"


__all__ = [
    "ANSWER_MAX_LENGTH",
    "VIEW_MAX_LENGTH",
    "ChoiceAnswer",
    "OnlineForm",
    "Option",
    "Question",
    "RespondentType",
    "ScaleAnswer",
    "Submission",
    "TextAnswer",
]

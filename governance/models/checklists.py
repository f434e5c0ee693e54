"""A policy profile's checklists (Solna's bilaga 1) and their items [SOL].

A checklist belongs to a profile and to the step of the process where the municipality uses it
(`step` names a `dialog.steps` content; governance does not import dialog, a test keeps the
names in step). Each item is ticked or answered per dialogue (dialog.ChecklistAnswer). Filled
from the presets by `governance.checklists.apply_preset`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .policy_profile import PolicyProfile

# The steps of the process a checklist can belong to: `dialog.steps` content names, in order.
CHECKLIST_STEPS = [
    ("initiative_mandate", _("Initiative and mandate")),
    ("planning", _("Planning")),
    ("execution", _("Execution")),
    ("compilation", _("Compilation")),
    ("feedback", _("Feedback")),
    ("processing", _("Processing")),
    ("decision_followup", _("Decision and action plan")),
]


class Checklist(models.Model):
    profile = models.ForeignKey(
        PolicyProfile,
        verbose_name=_("policy profile"),
        on_delete=models.CASCADE,
        related_name="checklists",
    )
    key = models.SlugField(_("key"), max_length=60, help_text=_("Stable name within the profile."))
    step = models.CharField(_("step"), max_length=30, choices=CHECKLIST_STEPS)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where in the policy it comes from.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["profile", "position", "pk"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [
            models.UniqueConstraint(fields=["profile", "key"], name="checklist_key_per_profile")
        ]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    class Kind(models.TextChoices):
        TICK = "tick", _("Ticked when done")
        ANSWER = "answer", _("Answered in words")

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="items"
    )
    key = models.SlugField(_("key"), max_length=60)
    text = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TICK)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["checklist", "position", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["checklist", "key"], name="checklist_item_key_once")
        ]

    def __str__(self) -> str:
        return self.text

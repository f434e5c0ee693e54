"""Steps 1-2: the mandate the politicians decide, the answers to the profile's initiative
questions and the target groups it names."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.profiles import INITIATIVE_QUESTIONS, TARGET_GROUPS

from .. import policy
from .dialogue import Dialogue


class Mandate(models.Model):
    """What the politicians decide at the mandate decision point [SAN][HAG]."""

    dialogue = models.OneToOneField(Dialogue, on_delete=models.PROTECT, related_name="mandate")
    purpose = models.TextField(_("purpose"), blank=True)
    description = models.TextField(_("description"), blank=True)
    influence = models.TextField(
        _("influence on future decisions"),
        blank=True,
        help_text=_("How will residents' views be treated, and what can they influence?"),
    )
    target_groups = models.TextField(
        _("key target groups"),
        blank=True,
        help_text=_(
            "Always consider the disability council, the pensioners' council, children and young "
            "people, and groups that are rarely heard."
        ),
    )
    timeline = models.TextField(_("time plan"), blank=True)
    budget_resources = models.TextField(_("budget and resources"), blank=True)
    offtopic_handling = models.TextField(
        _("handling of off-topic input"),
        blank=True,
        help_text=_("What happens with views that fall outside the dialogue's purpose?"),
    )
    feedback_plan = models.TextField(
        _("feedback plan"),
        blank=True,
        help_text=_(
            "How and when participants and the public learn what happened with their views."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    REQUIRED = (
        ("purpose", _("the purpose")),
        ("description", _("the description")),
        ("influence", _("the influence on future decisions")),
        ("target_groups", _("the key target groups")),
        ("timeline", _("the time plan")),
        ("budget_resources", _("budget and resources")),
        ("offtopic_handling", _("how off-topic input is handled")),
        ("feedback_plan", _("the feedback plan")),
    )

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")

    def __str__(self) -> str:
        return str(_("Mandate for %(dialogue)s") % {"dialogue": self.dialogue})

    def missing(self, optional=()) -> list[str]:
        return [
            str(label)
            for field, label in self.REQUIRED
            if field not in optional and not getattr(self, field).strip()
        ]


class InitiativeAnswer(models.Model):
    """The political body's answer to one of the profile's initiative questions [SOL][FOR]."""

    QUESTIONS = INITIATIVE_QUESTIONS

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.PROTECT, related_name="initiative_answers"
    )
    question = models.CharField(
        _("question"), max_length=40, choices=list(INITIATIVE_QUESTIONS.items())
    )
    answer = models.BooleanField(_("answer"))
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("answer to an initiative question")
        verbose_name_plural = _("answers to the initiative questions")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "question"], name="initiative_answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_question_display()}: {_('yes') if self.answer else _('no')}"


class TargetGroup(models.Model):
    """A target group the mandate names: included, or left out with a reason [SAN][HAG][HAN]."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="target_groups")
    group = models.CharField(_("target group"), max_length=30, choices=list(TARGET_GROUPS.items()))
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For another group.")
    )
    included = models.BooleanField(_("included"), default=True)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the group is not included.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "group", "name"], name="target_group_once_per_dialogue"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return policy.group_label(self.group, self.name)

    def clean(self):
        errors = {}
        if self.group == "other" and not self.name.strip():
            errors["name"] = _("Name the group.")
        if self.group != "other":
            self.name = ""
        if not self.included and not self.reason.strip():
            errors["reason"] = _("Give a reason why %(group)s is not included.") % {
                "group": self.label
            }
        if errors:
            raise ValidationError(errors)

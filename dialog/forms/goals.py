"""The goals a dialogue serves (issue 16), on the dialogue's page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ChooseLabelMixin
from governance.goal_forms import goal_field


class DialogueGoalsForm(ChooseLabelMixin, forms.Form):
    def __init__(self, *args, dialogue, **kwargs):
        linked = [g.pk for g in dialogue.goals.all()]
        kwargs.setdefault("initial", {"goals": linked})
        super().__init__(*args, **kwargs)
        self.fields["goals"] = goal_field(
            linked=linked,
            label=_("Goals the dialogue serves"),
            help_text=_("The municipality's goals (from its budget and plan) the dialogue serves."),
        )

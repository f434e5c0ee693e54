"""Issue 16: who came to a held activity (a count per target group, never names) and the
activity's short evaluation. They check the input's shape; `dialog.services.reach` owns the
rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ActivityEvaluation
from .base import LockedModelForm, NoColonMixin, _textareas

# More than any activity gathers; a typo (an extra digit or two) is caught at the field.
MAX_PARTICIPANTS = 100_000


class ActivityReachForm(NoColonMixin, forms.Form):
    """One number field per included target group of the dialogue: how many came from it.

    `version` is the version of the counts the form was opened on (`services.reach_version`):
    a save in between is refused, never overwritten."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, groups, counts=None, version="", **kwargs):
        super().__init__(*args, **kwargs)
        counts = counts or {}
        self.groups = list(groups)
        self.initial["version"] = version
        for group in self.groups:
            name = self.field_name(group)
            self.fields[name] = forms.IntegerField(
                label=group.label,
                min_value=0,
                max_value=MAX_PARTICIPANTS,
                help_text=_("How many came from this group; 0 if nobody did."),
                error_messages={
                    "required": _("Fill in how many came from %(group)s; 0 if nobody did.")
                    % {"group": group.label},
                    "invalid": _("Write a whole number, such as 12."),
                    "min_value": _("The number cannot be negative."),
                    "max_value": _("The number is larger than any activity gathers: check it."),
                },
                widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
            )
            if group.pk in counts:
                self.initial[name] = counts[group.pk]

    @staticmethod
    def field_name(group) -> str:
        return f"group_{group.pk}"

    def counts(self) -> dict[int, int]:
        """Target group id -> participants, as the service takes them."""
        return {g.pk: self.cleaned_data[self.field_name(g)] for g in self.groups}


class ActivityEvaluationForm(LockedModelForm):
    class Meta:
        model = ActivityEvaluation
        fields = ["what_worked", "who_came", "what_to_change"]
        widgets = _textareas(["what_worked", "who_came", "what_to_change"], rows=3)
        help_texts = {
            "what_worked": _("What went well at the activity, in a few sentences."),
            "who_came": _("Who came and who did not, compared with the groups it was meant for."),
            "what_to_change": _("What to do differently at the next activity."),
        }

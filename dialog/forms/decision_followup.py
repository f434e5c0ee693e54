"""Step 9: the action plan, the feedback to residents, the evaluation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from roles.selectors import officials_qs

from ..models import (
    ActionItem,
    Evaluation,
    ResidentFeedback,
)
from .base import (
    DATE_WIDGET,
    ItemForm,
    LockedModelForm,
    PersonChoiceField,
    _textareas,
    _with_current,
)

# -- Step 9: the action plan, the feedback to residents, the evaluation ------------------------


class ActionItemForm(ItemForm):
    class Meta:
        model = ActionItem
        fields = ["action", "responsible", "responsible_text", "due_on", "status"]
        field_classes = {"responsible": PersonChoiceField}
        widgets = {"action": forms.Textarea(attrs={"rows": 3}), "due_on": DATE_WIDGET["widget"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = [self.instance.responsible_id] if self.instance.responsible_id else []
        self.fields["responsible"].queryset = _with_current(officials_qs(), current)
        self.fields["responsible"].help_text = _("An official, or name a unit or person below.")

    def clean(self):
        data = super().clean()
        if not data.get("responsible") and not (data.get("responsible_text") or "").strip():
            self.add_error("responsible", _("Choose who is responsible, or name a unit or person."))
        return data


class ResidentFeedbackForm(LockedModelForm):
    class Meta:
        model = ResidentFeedback
        fields = ["what_we_heard", "what_we_decided", "why", "channels"]
        widgets = _textareas(["what_we_heard", "what_we_decided", "why", "channels"])
        help_texts = {
            "what_we_heard": _("The results of the dialogue in plain words."),
            "what_we_decided": _("The decision and the actions it leads to."),
            "why": _("Why the decision came out as it did, also where views were not followed."),
            "channels": _("Where and how participants and the public get the feedback."),
        }


class EvaluationForm(LockedModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "purpose_met",
            "purpose_comment",
            "methods_comment",
            "reach_comment",
            "accessibility_comment",
            "lessons_learned",
        ]
        widgets = {
            "purpose_met": forms.RadioSelect,
            **_textareas(
                [
                    "purpose_comment",
                    "methods_comment",
                    "reach_comment",
                    "accessibility_comment",
                    "lessons_learned",
                ]
            ),
        }
        help_texts = {
            "purpose_comment": _("Measured against the purpose in the mandate."),
            "methods_comment": _("Did the methods suit the question and the target groups?"),
            "accessibility_comment": _(
                "Could everyone take part: places, times, languages, digital and physical access?"
            ),
            "lessons_learned": _("What to do differently in the next dialogue."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose_met"].choices = Evaluation.PurposeMet.choices
        self.fields["purpose_met"].required = False

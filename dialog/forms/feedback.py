"""Step 7: the presentation to the politicians, forwarding an off-topic input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roles.selectors import political_bodies

from ..models import (
    Forwarding,
    ResultsPresentation,
)
from .base import (
    DATE_WIDGET,
    BodyChoiceField,
    LockedModelForm,
    NoColonMixin,
    _textareas,
)

# -- Step 7: feedback to the politicians -----------------------------------------------------


class PresentationForm(LockedModelForm):
    class Meta:
        model = ResultsPresentation
        fields = ["presented_on", "body", "notes"]
        field_classes = {"body": BodyChoiceField}
        widgets = {"presented_on": DATE_WIDGET["widget"], **_textareas(["notes"])}
        help_texts = {"notes": _("What the politicians asked and said, if anything.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = political_bodies()
        if not self.is_bound and not self.instance.body_id:
            self.initial["body"] = self.instance.dialogue.body_id


class ForwardingForm(NoColonMixin, forms.ModelForm):
    class Meta:
        model = Forwarding
        fields = ["forwarded_to", "body", "note", "forwarded_on"]
        field_classes = {"body": BodyChoiceField}
        widgets = {
            "forwarded_to": forms.RadioSelect,
            "forwarded_on": DATE_WIDGET["widget"],
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "body": _("When the input is forwarded to another body."),
            "note": _("To whom, with which case number, or how the input was handled."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = political_bodies()
        self.fields["forwarded_to"].choices = Forwarding.Target.choices
        if not self.is_bound:
            self.initial.setdefault("forwarded_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        if data.get("forwarded_to") == Forwarding.Target.BODY and not data.get("body"):
            self.add_error("body", _("Choose the body the input is forwarded to."))
        if data.get("forwarded_to") == Forwarding.Target.HANDLED and not data.get("note"):
            self.add_error("note", _("Say how the input was handled."))
        return data

    def _post_clean(self):
        # The input and who forwarded it are set by the service.
        pass

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

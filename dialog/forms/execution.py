"""Step 5: an input, the input register's filters, the survey upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    Dialogue,
    InputItem,
)
from .base import (
    DATE_WIDGET,
    FilterForm,
    ItemForm,
    NoColonMixin,
)


class InputItemForm(ItemForm):
    class Meta:
        model = InputItem
        fields = [
            "text",
            "source",
            "activity",
            "received_on",
            "age_band",
            "gender",
            "area",
            "within_purpose",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "received_on": DATE_WIDGET["widget"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = self.dialogue.activities.all()
        self.fields["age_band"].help_text = _("Optional, anonymous.")
        self.fields["gender"].help_text = _("Optional, anonymous.")
        if not self.is_bound and not self.instance.pk:
            self.initial["received_on"] = timezone.localdate()

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value


class InputFilterForm(FilterForm):
    """The input register's filters (GET). Invalid values are ignored, never an error page."""

    ON_TOPIC = [("", _("All")), ("yes", _("Within the purpose")), ("no", _("Off-topic"))]

    q = forms.CharField(label=_("Search in the text"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    theme = forms.ModelChoiceField(label=_("Theme"), required=False, queryset=None)
    on_topic = forms.ChoiceField(label=_("Within the purpose"), required=False, choices=ON_TOPIC)

    def __init__(self, *args, dialogue: Dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("All")), *InputItem.Source.choices]
        self.fields["theme"].queryset = dialogue.themes.all()
        self.fields["theme"].empty_label = _("All")

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(text__icontains=data["q"])
        if data["source"]:
            queryset = queryset.filter(source=data["source"])
        if data["theme"]:
            queryset = queryset.filter(themes=data["theme"])
        if data["on_topic"]:
            queryset = queryset.filter(within_purpose=data["on_topic"] == "yes")
        return queryset


class ImportUploadForm(NoColonMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or Excel (.xlsx). The first row names the columns: text, date, age band, "
            "gender, area, within the purpose (yes/no), source."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

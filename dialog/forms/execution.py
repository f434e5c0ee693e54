"""Step 5: an input, the input register's filters, the survey upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    InputItem,
)
from .base import (
    DATE_WIDGET,
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


class ImportUploadForm(NoColonMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or Excel (.xlsx). The first row names the columns: text, date, age band, "
            "gender, area, within the purpose (yes/no), source."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

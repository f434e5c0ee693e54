"""The register extract's forms: an address (normalised, checked) and the erasure's confirmation."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import ChooseLabelMixin
from core.personal_data import MAX_LENGTH, validate_email


class AddressForm(ChooseLabelMixin, forms.Form):
    email = forms.CharField(
        label=_("E-mail address"),
        max_length=MAX_LENGTH + 40,  # spaces around a pasted address are taken away
        help_text=_("Upper and lower case and spaces do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_email(self) -> str:
        try:
            return validate_email(self.cleaned_data["email"])
        except ValidationError as error:
            raise ValidationError(error.messages[0], code="invalid_email") from error


class ErasureForm(AddressForm):
    """The address (hidden: the one the list shows) and the confirmation."""

    prefix = "erase"

    confirm = forms.BooleanField(
        label=_("I have checked the list: erase the address where no archive rule keeps it."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget = forms.HiddenInput()

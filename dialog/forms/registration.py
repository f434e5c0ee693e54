"""Registering the case: in an external diarium's mode, the number the diarium gave."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import diarium
from .base import NoColonMixin


class RegistrationForm(NoColonMixin, forms.Form):
    """Empty in Delaktig's own series (it gives the number); one field for an external diarium.
    The service checks the number (pattern, unused): its refusals land on the field."""

    number = forms.CharField(label=_("Case number"), max_length=diarium.MAX_LENGTH, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not diarium.is_external():
            del self.fields["number"]
            return
        field = self.fields["number"]
        field.help_text = _("The number %(diarium)s gave the case, e.g. %(example)s.") % {
            "diarium": diarium.name(),
            "example": diarium.example(),
        }
        field.widget.attrs.update(
            {"placeholder": diarium.example(), "autocomplete": "off", "spellcheck": "false"}
        )

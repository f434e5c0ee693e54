"""The reports app's forms: the upload of a decision's justerat protokollsutdrag."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ChooseLabelMixin


class ProtocolExtractForm(ChooseLabelMixin, forms.Form):
    """The file only; the service checks its size and that it is a PDF (refusals on `file`)."""

    file = forms.FileField(
        label=_("Extract from the minutes (PDF)"),
        required=False,
        help_text=_(
            "The justerat protokollsutdrag as the meeting system saved it. A new upload becomes "
            "the next version; earlier versions are kept."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

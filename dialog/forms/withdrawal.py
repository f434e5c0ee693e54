"""The form that withdraws a step's item (issue 15): the reason is required; nothing is deleted."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .base import NoColonMixin


class WithdrawForm(NoColonMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The item is not deleted: it leaves the lists and counts, and stays in the "
            "dialogue's history with this reason."
        ),
    )

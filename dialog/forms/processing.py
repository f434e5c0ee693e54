"""Step 8: the proposal's consequences and its numbered points."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import (
    Proposal,
)
from .base import (
    LockedModelForm,
    NoColonMixin,
    VersionField,
    _textareas,
)

# -- Step 8: the proposal for decision -------------------------------------------------------

YES_NO = [("", _("Not answered yet")), ("yes", _("Yes")), ("no", _("No"))]


class ProposalForm(LockedModelForm):
    children_heard = forms.ChoiceField(
        label=capfirst(_("have children been heard?")),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Children must be able to give their view on matters that concern them."),
    )

    class Meta:
        model = Proposal
        fields = [
            "dialogue_influence",
            "economy",
            "children_rights",
            "children_heard",
            "children_heard_comment",
            "equality",
            "environment",
        ]
        widgets = _textareas(
            [
                "dialogue_influence",
                "economy",
                "children_rights",
                "children_heard_comment",
                "equality",
                "environment",
            ]
        )
        help_texts = {
            "dialogue_influence": _(
                "What the dialogue's results changed in the proposal, and what they did not "
                "change and why."
            ),
            "children_heard_comment": _("How children were heard, or why they were not."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            heard = self.instance.children_heard
            self.initial["children_heard"] = "" if heard is None else ("yes" if heard else "no")

    def clean_children_heard(self):
        return {"yes": True, "no": False}.get(self.cleaned_data["children_heard"])


class ProposalPointForm(NoColonMixin, forms.Form):
    text = forms.CharField(
        label=capfirst(_("text")),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One point of the proposal, as the decision will read."),
    )
    number = forms.IntegerField(
        label=_("Place in the list"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to keep the point where it is (a new point goes last)."),
    )
    expected_updated_at = VersionField()

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "text": instance.text,
                    "number": instance.number,
                    "expected_updated_at": instance.updated_at.isoformat(),
                },
            )
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        return {"data": data, "expected_updated_at": data.pop("expected_updated_at")}

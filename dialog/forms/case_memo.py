"""The tjänsteskrivelse of one decision point (dialog.models.CaseMemo)."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import CaseMemo, DecisionPoint
from ..models.case_memo import administration_of, head_of
from .base import LockedModelForm, _textareas

YES_NO = [
    ("", gettext_lazy("Not answered yet")),
    ("yes", gettext_lazy("Yes")),
    ("no", gettext_lazy("No")),
]


def default_decisions(dialogue, point: str) -> str:
    """What the mandate and the launch propose until the official writes otherwise."""
    if point == DecisionPoint.MANDATE:
        return _(
            "to give the mandate for the citizen dialogue “%(title)s” and approve the mandate as "
            "described in this decision basis"
        ) % {"title": dialogue.title}
    if point == DecisionPoint.LAUNCH:
        return _(
            "to approve the plan for the citizen dialogue “%(title)s” as described in this "
            "decision basis, and to start the dialogue"
        ) % {"title": dialogue.title}
    return ""


class CaseMemoForm(LockedModelForm):
    """The fields of one point's memo: the final point's proposal and consequences are the
    proposal's (step 8), so its form leaves them out."""

    minorities_concerned = forms.ChoiceField(
        label=capfirst(gettext_lazy("does the matter concern the national minorities?")),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "The national minorities are Jews, Roma, Sami, Swedish Finns and Tornedalians."
        ),
    )

    class Meta:
        model = CaseMemo
        fields = [
            "summary",
            "proposed_decisions",
            "matter",
            "assessment",
            "economy",
            "children_rights",
            "equality",
            "environment",
            "minorities_concerned",
            "minorities",
            "distribution",
            "head_of_administration",
        ]
        widgets = {
            **_textareas(
                [
                    "summary",
                    "matter",
                    "assessment",
                    "economy",
                    "children_rights",
                    "equality",
                    "environment",
                    "minorities",
                ]
            ),
            **_textareas(["proposed_decisions", "distribution"], rows=3),
        }

    def __init__(self, *args, dialogue, point: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.point = point
        for name in list(self.fields):
            if name != "expected_updated_at" and name not in CaseMemo.editable_fields(point):
                del self.fields[name]
        if not self.is_bound:
            concerned = self.instance.minorities_concerned
            self.initial["minorities_concerned"] = (
                "" if concerned is None else ("yes" if concerned else "no")
            )
            if not self.instance.pk:
                # A new memo starts from what the point usually proposes, and the head of the
                # official's administration.
                if "proposed_decisions" in self.fields:
                    self.initial["proposed_decisions"] = default_decisions(dialogue, point)
                self.initial["head_of_administration"] = head_of(administration_of(dialogue))

    def clean_minorities_concerned(self):
        return {"yes": True, "no": False}.get(self.cleaned_data["minorities_concerned"])

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name in self._meta.fields}

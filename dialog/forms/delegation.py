"""Decisions on a body's behalf (issue 12): by delegation, urgently by the chair, and their
report to the body; the chair's absence. Shapes only: dialog.services.delegated owns the rules."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .base import DATE_WIDGET, NoColonMixin


class DelegatedDecisionForm(NoColonMixin, forms.Form):
    """A delegation decision, or with `urgent` an ordförandebeslut (and why it could not wait)."""

    expected_state = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=capfirst(_("decision text")),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The decision as the delegate takes it; it is quoted in the case."),
    )
    decided_on = forms.DateField(
        label=capfirst(_("decision date")), initial=timezone.localdate, **DATE_WIDGET
    )

    def __init__(self, *args, urgent=False, **kwargs):
        super().__init__(*args, **kwargs)
        if urgent:
            self.fields["urgency_reason"] = forms.CharField(
                label=capfirst(_("why it could not wait")),
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Why the matter could not wait for the body's next meeting."),
            )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.body.name} {obj.held_on:%Y-%m-%d}"


class ReportForm(NoColonMixin, forms.Form):
    """Where a delegation or urgent decision was reported to the body (anmälan)."""

    meeting = MeetingChoiceField(
        label=capfirst(_("reported at meeting")),
        queryset=None,
        help_text=_("The meeting where the decision was reported to the body (anmälan)."),
    )
    paragraph = forms.CharField(
        label=capfirst(_("reported under paragraph (§)")), max_length=20, required=False
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings.select_related("body")


class ChairAbsenceForm(NoColonMixin, forms.Form):
    body = forms.ModelChoiceField(label=capfirst(_("body")), queryset=None)
    starts_on = forms.DateField(label=capfirst(_("absent from")), **DATE_WIDGET)
    ends_on = forms.DateField(
        label=capfirst(_("absent until")),
        **DATE_WIDGET,
        required=False,
        help_text=_("Empty = until further notice."),
    )
    note = forms.CharField(label=capfirst(_("note")), max_length=200, required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies

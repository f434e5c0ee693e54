"""The case's own forms: who carries the dialogue, an action (transition), the steering
documents its decision changes.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from governance.models import SteeringDocument
from roles.models import Meeting
from roles.selectors import officials_qs, politicians_of

from ..models import (
    Dialogue,
)
from .base import (
    NoColonMixin,
    PersonChoiceField,
    PersonMultipleChoiceField,
    _with_current,
)


class ResponsibilityForm(NoColonMixin, forms.Form):
    responsible_official = PersonChoiceField(
        label=capfirst(_("responsible official")), queryset=get_user_model().objects.none()
    )
    politicians = PersonMultipleChoiceField(
        label=capfirst(_("participating politicians")),
        required=False,
        queryset=get_user_model().objects.none(),
        help_text=_("Politicians of the deciding body who take part in the dialogue."),
    )
    experts = PersonMultipleChoiceField(
        label=capfirst(_("expert officials")),
        required=False,
        queryset=get_user_model().objects.none(),
    )
    communicators = PersonMultipleChoiceField(
        label=capfirst(_("communicators")), required=False, queryset=get_user_model().objects.none()
    )

    def __init__(self, *args, dialogue: Dialogue, **kwargs):
        from ..models import Assignment

        by_role: dict[str, list[int]] = {role: [] for role in Assignment.Role.values}
        for assignment in dialogue.assignments.all():
            by_role[assignment.role].append(assignment.person_id)
        kwargs.setdefault(
            "initial",
            {
                "responsible_official": dialogue.responsible_official_id,
                "politicians": by_role[Assignment.Role.POLITICIAN],
                "experts": by_role[Assignment.Role.EXPERT],
                "communicators": by_role[Assignment.Role.COMMUNICATOR],
            },
        )
        super().__init__(*args, **kwargs)
        officials = officials_qs()
        self.fields["responsible_official"].queryset = _with_current(
            officials, [dialogue.responsible_official_id]
        )
        self.fields["politicians"].queryset = _with_current(
            politicians_of(dialogue.body), by_role[Assignment.Role.POLITICIAN]
        )
        self.fields["experts"].queryset = _with_current(officials, by_role[Assignment.Role.EXPERT])
        self.fields["communicators"].queryset = _with_current(
            officials, by_role[Assignment.Role.COMMUNICATOR]
        )


# -- Actions ---------------------------------------------------------------------------


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.body.name}, {obj.held_on:%Y-%m-%d}" + (f", {obj.place}" if obj.place else "")


class ActionForm(NoColonMixin, forms.Form):
    """Confirming an action. At a decision point the committee secretary records the body's
    decision from the minutes (meeting, §, text), or the responsible official notes the
    politicians' stance or the presentation (information: no §, no decision date); some actions
    need a reason."""

    expected_state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, action, meetings=None, information=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if action.records_decision and information:
            self.kind = "information"
            self._add_information_fields()
        elif action.records_decision:
            self.kind = "meeting"
            self._add_meeting_fields(meetings)
        else:
            self.kind = ""
            if action.comment_required:
                self.fields["comment"] = forms.CharField(
                    label=capfirst(_("reason")),
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=_("It is shown on the timeline and in the case."),
                )

    def _add_meeting_fields(self, meetings) -> None:
        self.fields["meeting"] = MeetingChoiceField(
            label=capfirst(_("meeting")),
            queryset=meetings if meetings is not None else Meeting.objects.none(),
            help_text=_("The body's meeting where the point was decided."),
        )
        self.fields["paragraph"] = forms.CharField(
            label=capfirst(_("paragraph (§)")),
            max_length=20,
            help_text=_("The paragraph in the minutes, e.g. 113 for § 113."),
        )
        self.fields["text"] = forms.CharField(
            label=capfirst(_("decision text")),
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text=_("What was decided, as it reads in the minutes."),
        )

    def _add_information_fields(self) -> None:
        """No formal decision [SOL]: the official notes where the politicians were informed,
        when, and what they said. Recorded as a stance or a presentation, without a paragraph."""
        self.fields["informed_occasion"] = forms.CharField(
            label=capfirst(_("where the politicians were informed")),
            max_length=300,
            help_text=_("The meeting or occasion, e.g. the presidium's meeting on 3 March."),
        )
        self.fields["informed_on"] = forms.DateField(
            label=capfirst(_("when they were informed")),
            initial=timezone.localdate,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        self.fields["text"] = forms.CharField(
            label=capfirst(_("what they said")),
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text=_("The politicians' stance on the dialogue, in a few sentences."),
        )

    def clean_paragraph(self) -> str:
        return self.cleaned_data["paragraph"].strip().removeprefix("§").strip()

    @property
    def text_field(self) -> str | None:
        """The field the service calls `comment`: the decision text or the reason."""
        return next((f for f in ("text", "comment") if f in self.fields), None)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        if self.kind == "information":
            return {
                "expected_state": data["expected_state"],
                "informed_occasion": data["informed_occasion"],
                "informed_on": data["informed_on"],
                "text": data["text"],
            }
        if self.kind == "meeting":
            return {
                "expected_state": data["expected_state"],
                "meeting": data["meeting"],
                "paragraph": data["paragraph"],
                "text": data["text"],
            }
        return {
            "expected_state": data["expected_state"],
            "comment": data.get(self.text_field, "") if self.text_field else "",
        }


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        kind = obj.type.name if obj.type_id else ""
        return f"{obj.title} ({kind})" if kind else obj.title


class ChangedDocumentsForm(forms.Form):
    """The steering documents the dialogue's decision changes (issue 4)."""

    documents = DocumentChoiceField(
        label=_("Steering documents the decision changes"),
        queryset=SteeringDocument.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Documents in force that the final decision changes, replaces or revokes."),
    )

    def __init__(self, *args, dialogue, **kwargs):
        linked = [d.pk for d in dialogue.changed_documents.all()]
        kwargs.setdefault("initial", {"documents": linked})
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = (
            SteeringDocument.objects.filter(
                Q(status=SteeringDocument.Status.ADOPTED) | Q(pk__in=linked)
            )
            .select_related("type")
            .order_by("title", "pk")
        )

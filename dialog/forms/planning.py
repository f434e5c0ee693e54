"""Step 3: one form per list item of the plan."""

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from roles.selectors import officials_qs, political_bodies, politicians_of

from ..models import (
    Activity,
    Assignment,
    CommunicationItem,
    Method,
    PlannedDecisionPoint,
)
from .base import (
    DATE_WIDGET,
    DATETIME_INPUT_FORMATS,
    BodyChoiceField,
    DateTimeLocalInput,
    ItemForm,
    PersonChoiceField,
    PersonMultipleChoiceField,
    _with_current,
)


class MethodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        levels = ", ".join(obj.levels_display())
        return f"{obj.name} ({levels})" if levels else obj.name


class ActivityForm(ItemForm):
    link = forms.URLField(
        label=capfirst(_("link")),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("For a digital activity."),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "method",
            "starts_at",
            "ends_at",
            "place",
            "link",
            "target_groups",
            "responsible",
            "politicians",
            "status",
            "cancel_reason",
        ]
        field_classes = {
            "method": MethodChoiceField,
            "responsible": PersonChoiceField,
            "politicians": PersonMultipleChoiceField,
            "starts_at": forms.DateTimeField,
            "ends_at": forms.DateTimeField,
        }
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "target_groups": forms.Textarea(attrs={"rows": 3}),
            "cancel_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance if self.instance.pk else None
        method_ids = [current.method_id] if current and current.method_id else []
        self.fields["method"].queryset = Method.objects.filter(
            Q(is_active=True) | Q(pk__in=method_ids)
        )
        self.fields["method"].help_text = _(
            "The participation levels each method suits are in brackets."
        )
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = DATETIME_INPUT_FORMATS
        self.fields["responsible"].queryset = _with_current(
            officials_qs(), [current.responsible_id] if current and current.responsible_id else []
        )
        if not self.is_bound and current is None:
            self.initial["responsible"] = self.dialogue.responsible_official_id
        assigned = [
            a.person_id
            for a in self.dialogue.assignments.all()
            if a.role == Assignment.Role.POLITICIAN
        ]
        chosen = list(current.politicians.values_list("pk", flat=True)) if current else []
        self.fields["politicians"].queryset = _with_current(
            politicians_of(self.dialogue.body), [*assigned, *chosen]
        )
        if not self.is_bound and current is None:
            self.initial["politicians"] = assigned

    def service_kwargs(self) -> dict:
        data = {n: self.cleaned_data[n] for n in self._meta.fields if n != "politicians"}
        return {"data": data, "politicians": list(self.cleaned_data["politicians"])}


class CommunicationItemForm(ItemForm):
    class Meta:
        model = CommunicationItem
        fields = ["channel", "message", "date", "audience", "tells_feedback"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3}), "date": DATE_WIDGET["widget"]}


class PlannedDecisionPointForm(ItemForm):
    class Meta:
        model = PlannedDecisionPoint
        fields = ["point", "label", "planned_on", "body"]
        field_classes = {"body": BodyChoiceField}
        widgets = {"planned_on": DATE_WIDGET["widget"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = political_bodies()
        if not self.is_bound and not self.instance.pk:
            self.initial["body"] = self.dialogue.body_id

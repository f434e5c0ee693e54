"""The goals register's forms (issue 16)."""

from django import forms
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ChooseLabelForm, ChooseLabelMixin
from core.permissions import can
from roles.models import Body

from .forms import DateInput
from .models import Goal


class GoalForm(ChooseLabelMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "code",
            "title",
            "description",
            "owner_body",
            "period_start",
            "period_end",
            "source",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The bodies whose goals the user keeps (the service refuses others all the same).
        bodies = list(Body.objects.filter(kind__in=Body.POLITICAL_KINDS).order_by("name"))
        if user is not None:
            bodies = [b for b in bodies if can(user, "governance.change_goal", Goal(owner_body=b))]
        current = self.instance.owner_body_id
        if current and all(b.pk != current for b in bodies):
            bodies.append(self.instance.owner_body)
        self.fields["owner_body"].queryset = Body.objects.filter(pk__in=[b.pk for b in bodies])

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data

    def validate_constraints(self, exclude=None):
        # The period's check constraint is said on the field by clean() above.
        pass


def period_choices() -> list[tuple[str, str]]:
    span = Goal.objects.aggregate(first=Min("period_start"), last=Max("period_end"))
    this_year = timezone.localdate().year
    first = span["first"].year if span["first"] else this_year
    last = max(span["last"].year if span["last"] else this_year, this_year)
    years = [(str(y), str(y)) for y in range(first, last + 1)]
    return [("current", _("In force today")), ("all", _("All periods")), *years]


class GoalFilterForm(ChooseLabelForm):
    body = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=Body.objects.filter(kind__in=Body.POLITICAL_KINDS).order_by("name"),
        required=False,
    )
    period = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()

    def values(self) -> dict:
        if self.is_valid():
            return {
                "body": self.cleaned_data["body"],
                "period": self.cleaned_data["period"] or "current",
            }
        return {"body": None, "period": "current"}


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        period = obj.period_start.isoformat()[:4]
        if obj.period_end:
            period += f"–{obj.period_end.isoformat()[:4]}"
        return f"{obj} ({obj.owner_body.code}, {period})"


def goal_field(*, linked=(), label=None, help_text="") -> GoalChoiceField:
    """The goals to choose from: those in force today, and those already linked."""
    from .goals import current_q

    queryset = (
        Goal.objects.filter(current_q(timezone.localdate()) | Q(pk__in=list(linked)))
        .select_related("owner_body")
        .order_by("owner_body__name", "code", "title")
    )
    return GoalChoiceField(
        label=label or _("Goals"),
        queryset=queryset,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )

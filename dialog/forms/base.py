"""What the dialog app's forms share: fields, widgets, the optimistic lock (`LockedModelForm`)
and the list item form (`ItemForm`).
"""

from datetime import UTC, datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import ChooseLabelMixin
from core.people import person_label

from ..models import (
    Dialogue,
    ParticipationLevel,
)


class NoColonMixin(ChooseLabelMixin):
    """Labels without Django's trailing colon; empty choices read "Välj …" (core.forms)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class FilterForm(NoColonMixin, forms.Form):
    pass


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


# One sentence per rung of the participation ladder, shown under each choice.
PARTICIPATION_HELP = {
    ParticipationLevel.INFORMATION: _(
        "Residents are told about plans and decisions. On its own this is not a dialogue."
    ),
    ParticipationLevel.CONSULTATION: _(
        "Residents give their views on a proposal, for example in a survey or at a meeting."
    ),
    ParticipationLevel.DIALOGUE: _(
        "Residents and politicians talk together and learn from each other's arguments."
    ),
    ParticipationLevel.INFLUENCE: _(
        "Residents take part over time and their views shape the proposal."
    ),
    ParticipationLevel.CO_DECISION: _(
        "Residents decide together with the politicians, within a frame the politicians set."
    ),
}


class HelpRadioSelect(forms.RadioSelect):
    """Radio buttons with a short explanation under each choice."""

    def __init__(self, *args, help_texts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_texts = help_texts or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        help_text = self.help_texts.get(value)
        if help_text:
            label = format_html(
                '<span class="choice__label">{}</span> <span class="choice__help">{}</span>',
                label,
                help_text,
            )
        return super().create_option(name, value, label, selected, index, subindex, attrs)


# -- The optimistic lock -----------------------------------------------------------------


class VersionField(forms.CharField):
    """The `updated_at` the user started from, exact to the microsecond (ISO 8601)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError(_("The form is damaged; reload the page."), "invalid") from exc
        if timezone.is_naive(parsed):
            parsed = parsed.replace(tzinfo=UTC)
        return parsed


class LockedModelForm(NoColonMixin, forms.ModelForm):
    """A ModelForm that carries the version of the row it was opened on."""

    expected_updated_at = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        updated_at = getattr(self.instance, "updated_at", None)
        if updated_at is not None:
            self.initial["expected_updated_at"] = updated_at.isoformat()

    def content(self) -> dict:
        """The model fields' cleaned values, for the service."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


# -- Who carries the dialogue -----------------------------------------------------------


def _with_current(queryset, current_ids):
    """The candidates plus the people already chosen, so saving never drops anyone silently."""
    User = get_user_model()
    return User.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk__in=current_ids)).order_by(
        "last_name", "first_name", "pk"
    )


# -- Planning and execution: one form per list item ------------------------------------------

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class ItemForm(NoColonMixin, forms.ModelForm):
    """A list item of a step. `service_kwargs()` gives the service what it takes; the page
    passes `expected_updated_at`, the version of the item the form was opened on."""

    expected_updated_at = VersionField()

    def __init__(self, *args, dialogue: Dialogue, **kwargs):
        self.dialogue = dialogue
        super().__init__(*args, **kwargs)
        if self.instance.pk and getattr(self.instance, "updated_at", None):
            self.initial["expected_updated_at"] = self.instance.updated_at.isoformat()

    def service_kwargs(self) -> dict:
        return {"data": {name: self.cleaned_data[name] for name in self._meta.fields}}


def _textareas(names, rows=4) -> dict:
    return {name: forms.Textarea(attrs={"rows": rows}) for name in names}

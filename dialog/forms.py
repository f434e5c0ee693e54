"""The dialogue pages' forms. They check input shape only; the services own the rules."""

from datetime import UTC, datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.people import person_label
from roles.models import Body
from roles.selectors import officials_qs, political_bodies, politicians_of

from .models import (
    Activity,
    Assignment,
    CommunicationItem,
    Dialogue,
    InputItem,
    Mandate,
    Method,
    ParticipationLevel,
    PlannedDecisionPoint,
)


class NoColonMixin:
    """Labels without Django's trailing colon."""

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


# -- Step 1: the initiative ----------------------------------------------------------------

INITIATIVE_FIELDS = [
    "title",
    "question",
    "background",
    "why_dialogue",
    "future_decision",
    "participation_level",
    "body",
]


class InitiativeForm(LockedModelForm):
    """The initiative's content. Only the title and the body are needed to save a draft."""

    class Meta:
        model = Dialogue
        fields = INITIATIVE_FIELDS
        field_classes = {"body": BodyChoiceField}
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "background": forms.Textarea(attrs={"rows": 5}),
            "why_dialogue": forms.Textarea(attrs={"rows": 4}),
            "future_decision": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = political_bodies()
        if self.instance.pk and self.instance.is_registered:
            # A registered case keeps its body: a disabled field ignores what is posted.
            self.fields["body"].disabled = True
            self.fields["body"].help_text = _(
                "The case is registered as %(number)s, so its body is fixed. Moving a case to "
                "another body is a decision of its own."
            ) % {"number": self.instance.case_number}
        level = self.fields["participation_level"]
        self.fields["participation_level"] = forms.ChoiceField(
            label=level.label,
            required=False,
            choices=ParticipationLevel.choices,
            widget=HelpRadioSelect(help_texts=PARTICIPATION_HELP),
            help_text=_("The rung of the participation ladder you propose."),
        )


class CreateDialogueForm(InitiativeForm):
    """Starting a dialogue: the initiative plus who is responsible for it."""

    class Meta(InitiativeForm.Meta):
        fields = [*INITIATIVE_FIELDS, "responsible_official"]
        field_classes = {"body": BodyChoiceField, "responsible_official": PersonChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["expected_updated_at"]
        officials = officials_qs()
        self.fields["responsible_official"].queryset = officials
        if user is not None and not self.is_bound and officials.filter(pk=user.pk).exists():
            self.initial.setdefault("responsible_official", user.pk)


class MandateForm(LockedModelForm):
    """What the politicians decide at the mandate decision point."""

    class Meta:
        model = Mandate
        fields = [name for name, _label in Mandate.REQUIRED]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name, _label in Mandate.REQUIRED}


# -- Who carries the dialogue -----------------------------------------------------------


def _with_current(queryset, current_ids):
    """The candidates plus the people already chosen, so saving never drops anyone silently."""
    User = get_user_model()
    return User.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk__in=current_ids)).order_by(
        "last_name", "first_name", "pk"
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
        from .models import Assignment

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


class ActionForm(NoColonMixin, forms.Form):
    """Confirming an action. Decision points add the decision; some actions need a reason."""

    expected_state = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self, *args, action, paragraph_required: bool = False, bodies=(), stance=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.action = action
        self.stance = stance and action.outcome == "approved"
        if self.stance:
            self._add_stance_fields()
            return
        if action.records_decision and len(bodies) > 1:
            # The policy profile lets the user decide for several bodies: which one is it?
            self.fields["body"] = BodyChoiceField(
                label=capfirst(_("deciding body")),
                queryset=Body.objects.filter(pk__in=[b.pk for b in bodies]),
                help_text=_("The body whose decision you record."),
            )
        if action.records_decision:
            self.fields["decided_on"] = forms.DateField(
                label=capfirst(_("decision date")),
                initial=timezone.localdate,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields["paragraph"] = forms.CharField(
                label=capfirst(_("paragraph (§)")),
                max_length=20,
                required=paragraph_required,
                help_text=(
                    _(
                        "You are the clerk of the body, so the decision is recorded from the "
                        "minutes: give its paragraph, e.g. 113 for § 113."
                    )
                    if paragraph_required
                    else _("The paragraph in the minutes, if there is one, e.g. 113 for § 113.")
                ),
            )
            self.fields["text"] = forms.CharField(
                label=capfirst(_("decision text")),
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_("What was decided, as it reads in the decision or the minutes."),
            )
        elif action.comment_required:
            self.fields["comment"] = forms.CharField(
                label=capfirst(_("reason")),
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("It is shown on the timeline and in the case."),
            )

    def _add_stance_fields(self) -> None:
        """No formal decision is needed [SOL]: the official notes who was informed, when and
        what they said. Recorded as the same Decision (source: stance), without a paragraph."""
        self.fields["informed"] = forms.CharField(
            label=capfirst(_("who was informed")),
            max_length=300,
            help_text=_("The body or the politicians told about the dialogue."),
        )
        self.fields["decided_on"] = forms.DateField(
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
        if self.stance:
            comment = _("Informed: %(who)s.") % {"who": data["informed"].strip().rstrip(".")}
            return {
                "expected_state": data["expected_state"],
                "comment": f"{comment}\n{data['text'].strip()}",
                "decided_on": data.get("decided_on"),
            }
        return {
            "expected_state": data["expected_state"],
            "comment": data.get(self.text_field, "") if self.text_field else "",
            "decided_on": data.get("decided_on"),
            "paragraph": data.get("paragraph", ""),
            **({"body": data["body"]} if "body" in self.fields else {}),
        }


# -- Planning and execution: one form per list item ------------------------------------------

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class MethodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        levels = ", ".join(obj.levels_display())
        return f"{obj.name} ({levels})" if levels else obj.name


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


class InputItemForm(ItemForm):
    class Meta:
        model = InputItem
        fields = [
            "text",
            "source",
            "activity",
            "received_on",
            "age_band",
            "gender",
            "area",
            "within_purpose",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "received_on": DATE_WIDGET["widget"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = self.dialogue.activities.all()
        self.fields["age_band"].help_text = _("Optional, anonymous.")
        self.fields["gender"].help_text = _("Optional, anonymous.")
        if not self.is_bound and not self.instance.pk:
            self.initial["received_on"] = timezone.localdate()

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value


class InputFilterForm(FilterForm):
    """The input register's filters (GET). Invalid values are ignored, never an error page."""

    ON_TOPIC = [("", _("All")), ("yes", _("Within the purpose")), ("no", _("Off-topic"))]

    q = forms.CharField(label=_("Search in the text"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    theme = forms.ModelChoiceField(label=_("Theme"), required=False, queryset=None)
    on_topic = forms.ChoiceField(label=_("Within the purpose"), required=False, choices=ON_TOPIC)

    def __init__(self, *args, dialogue: Dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("All")), *InputItem.Source.choices]
        self.fields["theme"].queryset = dialogue.themes.all()
        self.fields["theme"].empty_label = _("All")

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(text__icontains=data["q"])
        if data["source"]:
            queryset = queryset.filter(source=data["source"])
        if data["theme"]:
            queryset = queryset.filter(themes=data["theme"])
        if data["on_topic"]:
            queryset = queryset.filter(within_purpose=data["on_topic"] == "yes")
        return queryset


class ImportUploadForm(NoColonMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or Excel (.xlsx). The first row names the columns: text, date, age band, "
            "gender, area, within the purpose (yes/no), source."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

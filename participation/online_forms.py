"""The online form residents fill in (built from the official's questions), and the staff's
forms to set it up and moderate it."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import ChooseLabelMixin
from dialog.models import AgeBand

from .models import (
    ANSWER_MAX_LENGTH,
    VIEW_MAX_LENGTH,
    Area,
    OnlineForm,
    Option,
    Question,
    RespondentType,
    Submission,
)
from .online_services import Answers


class ViewForm(ChooseLabelMixin, forms.Form):
    """A resident's view: the free text, the official's questions, the optional background
    questions and an optional e-mail address for the feedback. Every field is checked here
    (lengths, choices, types); the service checks again that the answers belong to the form."""

    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The form has expired: reload the page and send your view again."),
            "invalid": _("The form has expired: reload the page and send your view again."),
        },
    )

    def __init__(self, *args, online_form: OnlineForm, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.online_form = online_form
        self.questions = list(questions)
        self.fields["text"] = forms.CharField(
            label=online_form.view_label or _("Your view"),
            widget=forms.Textarea(attrs={"rows": 8}),
            max_length=VIEW_MAX_LENGTH,
            help_text=_("At most %(n)s characters. Do not write names of other people.")
            % {"n": VIEW_MAX_LENGTH},
            error_messages={"required": _("Write your view.")},
        )
        for question in self.questions:
            self.fields[f"q{question.pk}"] = _question_field(question)
        if online_form.ask_age:
            self.fields["age_band"] = forms.ChoiceField(
                label=_("Your age group"),
                choices=[("", _("I prefer not to say")), *AgeBand.choices],
                required=False,
            )
        if online_form.ask_area:
            self.fields["area"] = forms.ModelChoiceField(
                label=_("The area you live in or answer about"),
                queryset=Area.objects.all(),
                empty_label=gettext("I prefer not to say"),
                required=False,
            )
        if online_form.ask_respondent_type:
            self.fields["respondent_type"] = forms.ChoiceField(
                label=_("Who are you answering as?"),
                choices=[("", _("I prefer not to say")), *RespondentType.choices],
                required=False,
            )
        self.fields["email"] = forms.EmailField(
            label=_("Your e-mail address, if you want the feedback (optional)"),
            required=False,
            max_length=254,
            help_text=_(
                "Used only to send you the feedback on what happened with the views, and deleted "
                "afterwards. It is kept apart from your answer, so your answer stays anonymous. "
                "Legal basis: a task in the public interest (GDPR article 6.1 e)."
            ),
        )

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]

    def background_fields(self):
        return [
            self[name] for name in ("age_band", "area", "respondent_type") if name in self.fields
        ]

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        if not email:
            return ""
        from .subscriptions import validate_email

        return validate_email(email)

    def answers(self) -> Answers:
        data = self.cleaned_data
        choices, scales, texts = {}, {}, {}
        for question in self.questions:
            value = data.get(f"q{question.pk}")
            if value in (None, "", []):
                continue
            if question.kind == Question.Kind.SINGLE:
                choices[question.pk] = [int(value)]
            elif question.kind == Question.Kind.MULTIPLE:
                choices[question.pk] = [int(v) for v in value]
            elif question.kind == Question.Kind.SCALE:
                scales[question.pk] = int(value)
            else:
                texts[question.pk] = value
        area = data.get("area")
        return Answers(
            text=data["text"],
            choices=choices,
            scales=scales,
            texts=texts,
            age_band=data.get("age_band", ""),
            area_id=area.pk if area else None,
            respondent_type=data.get("respondent_type", ""),
        )


def _question_field(question: Question) -> forms.Field:
    common = {
        "label": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "error_messages": {
            "required": _("Answer this question."),
            "invalid_choice": _("Choose among the options given."),
        },
    }
    if question.kind == Question.Kind.TEXT:
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4}), max_length=ANSWER_MAX_LENGTH, **common
        )
    if question.kind == Question.Kind.SCALE:
        low = question.low_label or gettext("1 = least")
        high = question.high_label or gettext("5 = most")
        choices = [
            (str(n), f"{n} – {low}" if n == 1 else f"{n} – {high}" if n == 5 else str(n))
            for n in range(1, 6)
        ]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    options = [(str(o.pk), o.text) for o in question.options.all()]
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=options, widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)


# -- Staff ----------------------------------------------------------------------------------------


class OnlineFormSettings(ChooseLabelMixin, forms.ModelForm):
    class Meta:
        model = OnlineForm
        fields = [
            "intro",
            "view_label",
            "opens_on",
            "closes_on",
            "ask_age",
            "ask_area",
            "ask_respondent_type",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The form cannot close before it opens."))
        return data


class QuestionForm(ChooseLabelMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["kind", "text", "help_text", "required", "low_label", "high_label"]


class OptionForm(ChooseLabelMixin, forms.ModelForm):
    class Meta:
        model = Option
        fields = ["text"]


class HideForm(ChooseLabelMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is it hidden?"),
        max_length=Submission._meta.get_field("hidden_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the view is hidden.")},
    )

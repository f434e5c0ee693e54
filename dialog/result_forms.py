"""Forms of steps 6-9: the compilation, the feedback to the politicians, the proposal for
decision and the follow-up of the decision. They check input shape only; the services own the
rules (dialog.services, dialog.steps)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from roles.selectors import officials_qs, political_bodies

from .forms import (
    DATE_WIDGET,
    BodyChoiceField,
    ItemForm,
    LockedModelForm,
    NoColonMixin,
    PersonChoiceField,
    VersionField,
    _with_current,
)
from .models import (
    ActionItem,
    CompilationSummary,
    Evaluation,
    Forwarding,
    Proposal,
    ResidentFeedback,
    ResultsPresentation,
    Theme,
)


def _textareas(names, rows=4) -> dict:
    return {name: forms.Textarea(attrs={"rows": rows}) for name in names}


# -- Step 6: compilation -----------------------------------------------------------------


class ThemeForm(ItemForm):
    class Meta:
        model = Theme
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.dialogue = self.dialogue


class CompilationSummaryForm(LockedModelForm):
    class Meta:
        model = CompilationSummary
        fields = ["summary"]
        widgets = _textareas(["summary"], rows=10)
        help_texts = {
            "summary": _(
                "What residents said, theme by theme, and who took part. It is part of the "
                "decision basis."
            )
        }


# -- Step 7: feedback to the politicians -----------------------------------------------------


class PresentationForm(LockedModelForm):
    class Meta:
        model = ResultsPresentation
        fields = ["presented_on", "body", "notes"]
        field_classes = {"body": BodyChoiceField}
        widgets = {"presented_on": DATE_WIDGET["widget"], **_textareas(["notes"])}
        help_texts = {"notes": _("What the politicians asked and said, if anything.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = political_bodies()
        if not self.is_bound and not self.instance.body_id:
            self.initial["body"] = self.instance.dialogue.body_id


class ForwardingForm(NoColonMixin, forms.ModelForm):
    class Meta:
        model = Forwarding
        fields = ["forwarded_to", "body", "note", "forwarded_on"]
        field_classes = {"body": BodyChoiceField}
        widgets = {
            "forwarded_to": forms.RadioSelect,
            "forwarded_on": DATE_WIDGET["widget"],
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "body": _("When the input is forwarded to another body."),
            "note": _("To whom, with which case number, or how the input was handled."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = political_bodies()
        self.fields["forwarded_to"].choices = Forwarding.Target.choices
        if not self.is_bound:
            self.initial.setdefault("forwarded_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        if data.get("forwarded_to") == Forwarding.Target.BODY and not data.get("body"):
            self.add_error("body", _("Choose the body the input is forwarded to."))
        if data.get("forwarded_to") == Forwarding.Target.HANDLED and not data.get("note"):
            self.add_error("note", _("Say how the input was handled."))
        return data

    def _post_clean(self):
        # The input and who forwarded it are set by the service.
        pass

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


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


# -- Step 9: the action plan, the feedback to residents, the evaluation ------------------------


class ActionItemForm(ItemForm):
    class Meta:
        model = ActionItem
        fields = ["action", "responsible", "responsible_text", "due_on", "status"]
        field_classes = {"responsible": PersonChoiceField}
        widgets = {"action": forms.Textarea(attrs={"rows": 3}), "due_on": DATE_WIDGET["widget"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = [self.instance.responsible_id] if self.instance.responsible_id else []
        self.fields["responsible"].queryset = _with_current(officials_qs(), current)
        self.fields["responsible"].help_text = _("An official, or name a unit or person below.")

    def clean(self):
        data = super().clean()
        if not data.get("responsible") and not (data.get("responsible_text") or "").strip():
            self.add_error("responsible", _("Choose who is responsible, or name a unit or person."))
        return data


class ResidentFeedbackForm(LockedModelForm):
    class Meta:
        model = ResidentFeedback
        fields = ["what_we_heard", "what_we_decided", "why", "channels"]
        widgets = _textareas(["what_we_heard", "what_we_decided", "why", "channels"])
        help_texts = {
            "what_we_heard": _("The results of the dialogue in plain words."),
            "what_we_decided": _("The decision and the actions it leads to."),
            "why": _("Why the decision came out as it did, also where views were not followed."),
            "channels": _("Where and how participants and the public get the feedback."),
        }


class EvaluationForm(LockedModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "purpose_met",
            "purpose_comment",
            "methods_comment",
            "reach_comment",
            "accessibility_comment",
            "lessons_learned",
        ]
        widgets = {
            "purpose_met": forms.RadioSelect,
            **_textareas(
                [
                    "purpose_comment",
                    "methods_comment",
                    "reach_comment",
                    "accessibility_comment",
                    "lessons_learned",
                ]
            ),
        }
        help_texts = {
            "purpose_comment": _("Measured against the purpose in the mandate."),
            "methods_comment": _("Did the methods suit the question and the target groups?"),
            "accessibility_comment": _(
                "Could everyone take part: places, times, languages, digital and physical access?"
            ),
            "lessons_learned": _("What to do differently in the next dialogue."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose_met"].choices = Evaluation.PurposeMet.choices
        self.fields["purpose_met"].required = False


def parse_tags(post) -> dict[int, list[int]]:
    """The tagging page's rows: `inputs` lists the input ids on the page, `themes_<id>` the
    ticked theme ids of each (the service checks they are the dialogue's). Raises
    ValidationError for a damaged form."""
    tags: dict[int, list[int]] = {}
    try:
        for raw in post.getlist("inputs"):
            input_id = int(raw)
            tags[input_id] = [int(v) for v in post.getlist(f"themes_{input_id}")]
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("The form is damaged; reload the page.")) from exc
    return tags

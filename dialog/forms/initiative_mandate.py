"""Steps 1-2: the initiative (also the new dialogue's form) and the mandate, with what the
policy profile asks (the initiative questions, the target groups).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.profiles import CONSIDERABLE_GROUPS
from roles.models import Body
from roles.selectors import officials_qs, political_bodies

from .. import policy
from ..models import (
    Dialogue,
    DialogueKind,
    Mandate,
    ParticipationLevel,
)
from .base import (
    PARTICIPATION_HELP,
    BodyChoiceField,
    HelpRadioSelect,
    LockedModelForm,
    PersonChoiceField,
)

YES, NO = "yes", "no"


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


KIND_HELP = {
    DialogueKind.CITIZEN: _(
        "Politicians and residents, before a political decision. What this service is for."
    ),
    DialogueKind.USER: _(
        "Officials and the users of a service, to follow up and improve its quality. Allowed, "
        "and marked as a user dialogue."
    ),
}


def _answer_field(label, required_help):
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[(YES, _("Yes")), (NO, _("No"))],
        widget=forms.RadioSelect,
        help_text=required_help,
    )


class InitiativeStepForm(InitiativeForm):
    """The initiative with its kind, the statutory check and the profile's questions."""

    class Meta(InitiativeForm.Meta):
        fields = [*INITIATIVE_FIELDS, "kind", "statutory_consultation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget = HelpRadioSelect(
            choices=self.fields["kind"].choices, help_texts=KIND_HELP
        )
        self.fields["kind"].choices = DialogueKind.choices
        # A user dialogue may be owned by an administration (issue 12) or a municipal company
        # (issue 16); the model's clean says when that is refused (a citizen dialogue, or a
        # profile where politicians decide).
        self.fields["body"].queryset = Body.objects.filter(
            kind__in=[*Body.POLITICAL_KINDS, *Body.OPERATING_KINDS]
        )
        if not self.fields["body"].disabled:
            self.fields["body"].help_text = _(
                "The political body that decides at the decision points; for a user dialogue, "
                "the administration or municipal company that owns it."
            )
        # Left out of a post (an older page), the kind stays as it is.
        self.fields["kind"].required = False
        dialogue = self.instance
        self.question_keys = policy.questions(dialogue) if dialogue.pk else []
        answers = {a.question: a for a in dialogue.initiative_answers.all()} if dialogue.pk else {}
        for key in self.question_keys:
            answer = answers.get(key)
            name = f"question_{key}"
            self.fields[name] = _answer_field(
                policy.question_text(key),
                _("The political body must answer yes before a dialogue is held."),
            )
            self.fields[f"{name}_comment"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if answer is not None:
                self.initial.setdefault(name, YES if answer.answer else NO)
                self.initial.setdefault(f"{name}_comment", answer.comment)

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or self.instance.kind or DialogueKind.CITIZEN

    def content(self) -> dict:
        data = super().content()
        answers = {}
        for key in self.question_keys:
            value = self.cleaned_data.get(f"question_{key}")
            answer = True if value == YES else False if value == NO else None
            answers[key] = (answer, self.cleaned_data.get(f"question_{key}_comment", "").strip())
        data["initiative_answers"] = answers
        return data


class MandateStepForm(MandateForm):
    """The mandate with its target groups as data."""

    INCLUDED, LEFT_OUT = YES, NO

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dialogue = self.instance.dialogue
        required = set(policy.groups_to_consider(dialogue))
        rows = list(dialogue.target_groups.all()) if dialogue.pk else []
        by_key = {r.group: r for r in rows if r.group != "other"}
        for key in CONSIDERABLE_GROUPS:
            name = f"group_{key}"
            self.fields[name] = forms.ChoiceField(
                label=policy.group_label(key),
                required=False,
                choices=[("", _("Not considered")), (YES, _("Included")), (NO, _("Not included"))],
                widget=forms.RadioSelect,
                help_text=(
                    _("The dialogue policy says this group must always be considered.")
                    if key in required
                    else ""
                ),
            )
            self.fields[f"{name}_reason"] = forms.CharField(
                label=_("Reason for not including it"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            row = by_key.get(key)
            if row is not None:
                self.initial.setdefault(name, YES if row.included else NO)
                self.initial.setdefault(f"{name}_reason", row.reason)
        self.fields["other_groups"] = forms.CharField(
            label=_("Other target groups"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("One group a line, e.g. business owners in the centre."),
        )
        self.initial.setdefault(
            "other_groups", "\n".join(r.name for r in rows if r.group == "other")
        )
        self.group_keys = CONSIDERABLE_GROUPS

    def clean(self):
        cleaned = super().clean()
        for key in self.group_keys:
            name = f"group_{key}"
            if cleaned.get(name) == NO and not cleaned.get(f"{name}_reason", "").strip():
                self.add_error(
                    f"{name}_reason",
                    _("Give a reason why %(group)s is not included.")
                    % {"group": policy.group_label(key)},
                )
        return cleaned

    def content(self) -> dict:
        data = super().content()
        rows = []
        for key in self.group_keys:
            value = self.cleaned_data.get(f"group_{key}")
            if value in (YES, NO):
                rows.append(
                    {
                        "group": key,
                        "included": value == YES,
                        "reason": (
                            self.cleaned_data.get(f"group_{key}_reason", "").strip()
                            if value == NO
                            else ""
                        ),
                    }
                )
        seen = set()
        for line in self.cleaned_data.get("other_groups", "").splitlines():
            name = " ".join(line.split())[:200]
            if name and name.lower() not in seen:
                seen.add(name.lower())
                rows.append({"group": "other", "name": name, "included": True, "reason": ""})
        data["target_group_rows"] = rows
        return data

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
from roles.models import Body
from roles.selectors import officials_qs, politicians_of

from ..models import (
    Dialogue,
)
from .base import (
    BodyChoiceField,
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

"""The committee secretary's meeting forms (issue 12): a new meeting, a point onto the agenda,
attendance, the minutes' outcomes in one form, the justering and the anslag. They check the
input's shape; dialog.services.meetings owns the rules."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.people import person_label
from roles.models import Body, Membership

from ..models import Decision
from .base import BodyChoiceField, NoColonMixin

_DATE = {"type": "date"}


def _date_field(label, *, required=True, help_text="", initial=None):
    return forms.DateField(
        label=capfirst(label),
        required=required,
        help_text=help_text,
        initial=initial,
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
    )


class MeetingForm(NoColonMixin, forms.Form):
    body = BodyChoiceField(label=capfirst(_("body")), queryset=Body.objects.none())
    held_on = _date_field(_("meeting date"))
    starts_at = forms.TimeField(
        label=capfirst(_("starts at")),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=capfirst(_("place")), max_length=200, required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        if not self.is_bound and len(bodies) == 1:
            self.initial["body"] = bodies[0].pk


class DialogueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        number = obj.case_number or _("not registered")
        return f"{number}: {obj.title} ({obj.get_state_display()})"


class AgendaItemForm(NoColonMixin, forms.Form):
    dialogue = DialogueChoiceField(
        label=capfirst(_("decision point waiting for the body")),
        queryset=None,
        help_text=_("Only points the body decides under the dialogue policy are listed."),
    )

    def __init__(self, *args, waiting, **kwargs):
        from ..models import Dialogue

        super().__init__(*args, **kwargs)
        self.fields["dialogue"].queryset = Dialogue.objects.filter(pk__in=[d.pk for d in waiting])


class AttendanceForm(NoColonMixin, forms.Form):
    """One row per politician of the body: present or not; a substitute (ersättare) present
    may serve in an absent member's place."""

    vice_chair_presided = forms.BooleanField(
        label=capfirst(_("the vice chair acted as chair")), required=False
    )

    def __init__(self, *args, people, roles, attendance=None, vice_chair_presided=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        self.roles = roles
        known = {a.person_id: a for a in attendance or []}
        members = [p for p in people if roles[p.pk] != Membership.Role.DEPUTY]
        self.rows = []
        for person in people:
            role = roles[person.pk]
            row = known.get(person.pk)
            present = forms.BooleanField(
                label=f"{person_label(person)} ({Membership.Role(role).label})",
                required=False,
                initial=row.present if row else role != Membership.Role.DEPUTY,
            )
            self.fields[f"present_{person.pk}"] = present
            serving = None
            if role == Membership.Role.DEPUTY:
                serving = forms.ChoiceField(
                    label=capfirst(_("serving for")),
                    required=False,
                    choices=[("", _("Not serving"))]
                    + [(str(m.pk), person_label(m)) for m in members],
                    initial=str(row.serving_for_id) if row and row.serving_for_id else "",
                )
                self.fields[f"serving_for_{person.pk}"] = serving
            self.rows.append(person)
        self.initial.setdefault("vice_chair_presided", vice_chair_presided)

    def row_fields(self):
        for person in self.rows:
            serving = self.fields.get(f"serving_for_{person.pk}")
            yield (
                self[f"present_{person.pk}"],
                self[f"serving_for_{person.pk}"] if serving is not None else None,
            )

    def service_rows(self):
        by_pk = {p.pk: p for p in self.people}
        rows = []
        for person in self.rows:
            present = self.cleaned_data.get(f"present_{person.pk}", False)
            serving = self.cleaned_data.get(f"serving_for_{person.pk}") or ""
            rows.append((person, present, by_pk.get(int(serving)) if serving else None))
        return rows


OUTCOME_CHOICES = [
    ("", "—"),
    (Decision.Outcome.APPROVED, _("Approved (bifall)")),
    (Decision.Outcome.REJECTED, _("Rejected (avslag)")),
    (Decision.Outcome.RETURNED, _("Returned for revision (återremiss)")),
    (Decision.Outcome.TABLED, _("Tabled (bordläggning)")),
]


class MinutesForm(NoColonMixin, forms.Form):
    """Every open agenda point's outcome, paragraph (§) and decision text, as in the minutes."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"outcome_{item.pk}"] = forms.ChoiceField(
                label=capfirst(_("outcome")), choices=OUTCOME_CHOICES
            )
            self.fields[f"paragraph_{item.pk}"] = forms.CharField(
                label=capfirst(_("paragraph (§)")), max_length=20
            )
            self.fields[f"text_{item.pk}"] = forms.CharField(
                label=capfirst(_("decision text")),
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("As it reads in the minutes."),
            )

    def rows(self):
        for item in self.items:
            yield (
                item,
                self[f"outcome_{item.pk}"],
                self[f"paragraph_{item.pk}"],
                self[f"text_{item.pk}"],
            )

    def outcomes(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "item": item,
                "outcome": data[f"outcome_{item.pk}"],
                "paragraph": data[f"paragraph_{item.pk}"].strip().removeprefix("§").strip(),
                "text": data[f"text_{item.pk}"],
            }
            for item in self.items
        ]


class AdjustmentForm(NoColonMixin, forms.Form):
    adjusted_on = _date_field(
        _("minutes checked on (justering)"),
        help_text=_("The day the minutes were checked and signed (justering)."),
        initial=timezone.localdate,
    )
    posted_on = _date_field(
        _("justering posted on (anslag)"),
        required=False,
        help_text=_("The day the justering was posted; the appeal period runs from it."),
    )

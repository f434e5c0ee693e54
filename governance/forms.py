from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.forms import ChooseLabelMixin
from roles.models import Body

from .models import DocumentType, SteeringDocument


def goal_field(**kwargs):
    from .goal_forms import goal_field as field

    return field(**kwargs)


MAX_IMPORT_BYTES = 2 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DocumentForm(ChooseLabelMixin, forms.ModelForm):
    keywords_text = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=500,
        help_text=_("Separate keywords with commas."),
    )

    class Meta:
        model = SteeringDocument
        fields = [
            "title",
            "type",
            "status",
            "adopting_body",
            "decision_date",
            "paragraph",
            "case_number",
            "valid_from",
            "valid_until",
            "adopted_because_of_law",
            "revision_date",
            "owner_body",
            "owner_role",
            "follow_up_by",
            "follow_up_interval_months",
            "followed_up_on",
            "concretises",
            "replaces",
            "goals",
            "file",
            "text",
            "needs_review",
            "review_note",
        ]
        widgets = {
            name: DateInput()
            for name in ("decision_date", "valid_from", "valid_until", "revision_date")
        } | {"followed_up_on": DateInput(), "text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, new_version_of: SteeringDocument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_version_of = new_version_of
        self.fields["status"].choices = [
            (SteeringDocument.Status.DRAFT, SteeringDocument.Status.DRAFT.label),
            (SteeringDocument.Status.ADOPTED, SteeringDocument.Status.ADOPTED.label),
        ]
        self.fields["file"].widget.attrs["accept"] = "application/pdf,.pdf"
        self.fields["type"].required = True
        others = SteeringDocument.objects.select_related("type")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.fields["keywords_text"].initial = ", ".join(
                k.name for k in self.instance.keywords.all()
            )
        self.fields["concretises"].queryset = others.exclude(
            status__in=[SteeringDocument.Status.REPLACED, SteeringDocument.Status.REVOKED]
        )
        self.fields["replaces"].queryset = others
        # The municipality's goals (issue 16): those in force, and those already linked.
        # A new version starts with the goals of the version it replaces.
        source = self.instance if self.instance.pk else new_version_of
        linked = [g.pk for g in source.goals.all()] if source is not None else []
        self.fields["goals"] = goal_field(linked=linked, help_text=self.fields["goals"].help_text)
        if new_version_of is not None and not self.is_bound:
            self.fields["goals"].initial = linked
        if not self.instance.needs_review:
            del self.fields["needs_review"]
            del self.fields["review_note"]
        self._offer_allowed_bodies()
        if new_version_of is not None:
            for name in ("status", "replaces"):
                del self.fields[name]
            self.fields["adopting_body"].required = True
            self.fields["decision_date"].required = True

    def _chosen_type(self) -> DocumentType | None:
        if self.is_bound:
            value = self.data.get(self.add_prefix("type"))
            if value and str(value).isdigit():
                return DocumentType.objects.filter(pk=value).first()
            return None
        initial = self.initial.get("type") or self.instance.type
        if isinstance(initial, int | str) and str(initial).isdigit():
            return DocumentType.objects.filter(pk=initial).first()
        return initial

    def _offer_allowed_bodies(self) -> None:
        """Offer only the bodies the chosen type allows; choosing another type swaps the
        options in (htmx). The field still accepts any body, so that a wrong one gets the
        model's message naming the allowed kinds instead of a bare 'invalid choice'."""
        field = self.fields["adopting_body"]
        current = self.instance.adopting_body_id
        offered = adopting_bodies_for(self._chosen_type())
        if current and all(body.pk != current for body in offered):
            offered.append(self.instance.adopting_body)  # show what is stored, even if wrong
        field.choices = [("", field.empty_label), *((body.pk, str(body)) for body in offered)]
        self.fields["type"].widget.attrs.update(
            {
                "hx-get": reverse("governance:adopting_bodies"),
                "hx-target": f"#{self['adopting_body'].id_for_label}",
                "hx-trigger": "change",
            }
        )

    def clean(self):
        data = super().clean()
        if data.get("status") == SteeringDocument.Status.ADOPTED:
            for name in ("adopting_body", "decision_date"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("An adopted document needs this."))
        if self.instance.pk and self.instance in (data.get("replaces") or []):
            self.add_error("replaces", _("A document cannot replace itself."))
        return data

    def service_data(self) -> dict:
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("keywords_text", "replaces")
        }
        if data.get("file") is False:  # "clear" ticked
            data["file"] = ""
        elif not data.get("file"):
            data.pop("file", None)
        if not self.instance.pk and data.get("valid_until") is None:
            data.pop("valid_until", None)  # let the type's default validity apply
        return data


def adopting_bodies_for(doc_type: DocumentType | None) -> list[Body]:
    """The bodies that may adopt a document of `doc_type`; without a type, the political ones
    (most types are political; choosing an officials' type offers the administrations)."""
    bodies = Body.objects.order_by("name")
    if doc_type is None:
        return list(bodies.filter(kind__in=Body.POLITICAL_KINDS))
    return [body for body in bodies if doc_type.allows_body(body)]


class RevokeForm(ChooseLabelMixin, forms.Form):
    decided_on = forms.DateField(label=_("Date of the revoking decision"), widget=DateInput())
    paragraph = forms.CharField(label=_("Paragraph (§)"), max_length=20)
    body = forms.ModelChoiceField(
        label=_("Revoking body"), queryset=Body.objects.filter(kind__in=Body.POLITICAL_KINDS)
    )


class ImportForm(ChooseLabelMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (semicolon or comma separated, with a header row), XLSX, or plain text "
            "with one title a line."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        suffix = upload.name.lower().rsplit(".", 1)[-1]
        if suffix not in ("csv", "xlsx", "txt"):
            raise forms.ValidationError(_("Use a .csv, .xlsx or .txt file."))
        return upload

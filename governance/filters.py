"""The register list's filters: search, type, adopting body, shown status and keyword.

The list page, its CSV export and the PDF register (reports) filter through this one FilterSet.
"""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.forms import ChooseLabelForm
from roles.models import Body

from . import selectors
from .models import DocumentType, Keyword, ShownStatus, SteeringDocument


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    type = django_filters.ModelChoiceFilter(label=_("Type"), queryset=DocumentType.objects.all())
    body = django_filters.ModelChoiceFilter(
        label=_("Adopting body"),
        field_name="adopting_body",
        # EXISTS, not a DISTINCT join: the join read all 10,000 documents on every list page.
        queryset=Body.objects.filter(
            Exists(SteeringDocument.objects.filter(adopting_body=OuterRef("pk")))
        ),
    )
    # The status shown, computed from the dates (ShownStatus), is the selectors' annotation.
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="shown_status",
        choices=ShownStatus.choices,
        empty_label=_("All"),
    )
    keyword = django_filters.ModelChoiceFilter(
        label=_("Keyword"),
        field_name="keywords",
        queryset=Keyword.objects.filter(
            Exists(SteeringDocument.keywords.through.objects.filter(keyword=OuterRef("pk")))
        ),
    )

    class Meta:
        form = ChooseLabelForm  # empty choices read "Välj …"

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(
            data, queryset if queryset is not None else selectors.document_list(), **kwargs
        )

    def filter_queryset(self, queryset):
        # One invalid value (a stale id in a bookmarked link) shows the whole register, with the
        # form's error, rather than a list filtered by only some of what was asked.
        if not self.form.is_valid():
            return queryset
        return super().filter_queryset(queryset)

    def search(self, queryset, name, value):
        return selectors.search(queryset, value)

    def labels_in_use(self) -> list[tuple[str, str]]:
        """(label, value) for each filter in use, as the list page shows them."""
        if not self.is_bound or not self.form.is_valid():
            return []
        labels = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if not value:
                continue
            if name == "status":
                value = dict(field.choices).get(value, value)
            labels.append((str(field.label), str(value)))
        return labels

"""The register list's filters: search, type, adopting body, shown status and keyword.

The list page, its CSV export and the PDF register (reports) filter through this one FilterSet.
The selects of types, adopting bodies and keywords show choices kept in the cache (choices).
"""

import functools

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.forms import ChooseLabelForm
from roles.models import Body

from . import selectors
from .choices import filter_choices
from .models import DocumentType, Keyword, ShownStatus, SteeringDocument


def _attrs(attrs: dict) -> str:
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(forms.Select):
    """A select written out in Python, the same HTML as Django's templates make (without
    optgroups): the adopting-body filter lists every body that adopted a document, hundreds
    at national scale, and the two templates per option took most of the list page's time.
    Each option is one string (Django's `optgroups` builds a dict of attributes per option,
    a tenth of the page for the bodies)."""

    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected or self.option_inherits_attrs:
            return super().render(name, value, attrs, renderer)
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        values = widget["value"]
        options, has_selected = [], False
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # optgroups, not used here: Django's rendering
                return super().render(name, value, attrs, renderer)
            option_value = "" if option_value is None else str(option_value)
            # As Django's optgroups: only the first option of the value is selected.
            selected = not has_selected and option_value in values
            has_selected |= selected
            options.append(
                f'\n  <option value="{escape(option_value)}"{" selected" if selected else ""}>'
                f"{conditional_escape(label)}</option>\n"
            )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            mark_safe("".join(options)),  # noqa: S308 - each value and label escaped above
        )


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    type = django_filters.ModelChoiceFilter(
        label=_("Type"), queryset=DocumentType.objects.all(), widget=QuickSelect
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Adopting body"),
        field_name="adopting_body",
        # EXISTS, not a DISTINCT join: the join read all 10,000 documents on every list page.
        queryset=Body.objects.filter(
            Exists(SteeringDocument.objects.filter(adopting_body=OuterRef("pk")))
        ),
        widget=QuickSelect,
    )
    # The status shown, computed from the dates (ShownStatus), is the selectors' annotation.
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="shown_status",
        choices=ShownStatus.choices,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    keyword = django_filters.ModelChoiceFilter(
        label=_("Keyword"),
        field_name="keywords",
        queryset=Keyword.objects.filter(
            Exists(SteeringDocument.keywords.through.objects.filter(keyword=OuterRef("pk")))
        ),
        widget=QuickSelect,
    )

    class Meta:
        form = ChooseLabelForm  # empty choices read "Välj …"

    # The selects whose choices are read from the database: shown from the cache (choices).
    CACHED_CHOICES = ("type", "body", "keyword")

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(
            data, queryset if queryset is not None else selectors.document_list(), **kwargs
        )

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name in self.CACHED_CHOICES:
                field = form.fields[name]
                # A callable: read when the select is rendered (never for the CSV export).
                field.widget.choices = functools.partial(self._cached_choices, field, name)
        return self._form

    @classmethod
    def _read_choices(cls) -> dict[str, list[tuple[int, str]]]:
        return {
            name: [(obj.pk, str(obj)) for obj in cls.base_filters[name].queryset.all()]
            for name in cls.CACHED_CHOICES
        }

    @classmethod
    def _cached_choices(cls, field, name) -> list[tuple]:
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        return empty + filter_choices(cls._read_choices)[name]

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

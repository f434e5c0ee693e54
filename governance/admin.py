"""Admin for the configuration (document types, keywords). Documents are changed through the
register's own pages, which go through the services; here they are read-only."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from roles.models import Body

from .models import DocumentType, Keyword, SteeringDocument


class DocumentTypeForm(forms.ModelForm):
    adopted_by_kinds = forms.MultipleChoiceField(
        label=_("adopted by"),
        choices=Body.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The kinds of body that may adopt this type. None ticked = any body."),
    )

    class Meta:
        model = DocumentType
        fields = [
            "name",
            "rank",
            "category",
            "adopted_by_kinds",
            "needs_political_decision",
            "default_validity_months",
            "title_words",
            "matches_compounds",
            "description",
        ]


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    form = DocumentTypeForm
    list_display = [
        "name",
        "rank",
        "category",
        "adopting_kinds_display",
        "needs_political_decision",
        "default_validity_months",
    ]
    list_editable = ["rank"]
    search_fields = ["name", "title_words"]

    @admin.display(description=_("adopted by"))
    def adopting_kinds_display(self, obj):
        return obj.adopting_kinds_display()


@admin.register(Keyword)
class KeywordAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(SteeringDocument)
class SteeringDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "type", "adopting_body", "decision_date", "status", "needs_review"]
    list_filter = ["status", "type", "needs_review"]
    search_fields = ["title", "case_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

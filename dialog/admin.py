# Dialogues are changed only through dialog.services (transitions, permissions, audit), never in
# the admin: the admin is for configuration (bodies, memberships, people), kept in roles/admin.py.

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Method, ParticipationLevel


class MethodAdminForm(forms.ModelForm):
    participation_levels = forms.MultipleChoiceField(
        choices=ParticipationLevel.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Method
        fields = ["name", "description", "participation_levels", "is_active"]


@admin.register(Method)
class MethodAdmin(SimpleHistoryAdmin):
    """The method catalogue is configuration: each municipality edits its own."""

    form = MethodAdminForm
    list_display = ["name", "levels", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]

    def has_delete_permission(self, request, obj=None):
        # Activities of past dialogues name their method: a method is retired (not active),
        # never deleted (issue 15). No case record of the dialog app is in the admin at all.
        return False

    @admin.display(description=Method._meta.get_field("participation_levels").verbose_name)
    def levels(self, obj) -> str:
        return ", ".join(obj.levels_display())

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, ChairAbsence, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent", "registered_in"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "body", "role", "valid_from", "valid_to"]
    list_filter = ["role", "body"]
    search_fields = ["person__first_name", "person__last_name", "person__username", "body__name"]
    autocomplete_fields = ["person", "body"]


@admin.register(ChairAbsence)
class ChairAbsenceAdmin(SimpleHistoryAdmin):
    """The chair's absences (the vice chair then decides urgent matters); the secretary notes
    them on the body's page for delegation decisions, or here."""

    list_display = ["body", "starts_on", "ends_on", "noted_by"]
    list_filter = ["body"]
    autocomplete_fields = ["body"]
    readonly_fields = ["noted_by", "noted_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.noted_by = request.user
        super().save_model(request, obj, form, change)

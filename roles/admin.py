from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "body", "role", "valid_from", "valid_to"]
    list_filter = ["role", "body"]
    search_fields = ["person__first_name", "person__last_name", "person__username", "body__name"]
    autocomplete_fields = ["person", "body"]

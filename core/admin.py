"""The records configuration: retention rules are edited here; the gallring log and the log of
register extracts and erasures are read here, never changed or deleted."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import GallringLog, PersonalDataRequest, RetentionRule
from .retention import retention_kind


@admin.register(RetentionRule)
class RetentionRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "kind_label",
        "retention_days",
        "minimum_days",
        "plan_reference",
        "decision",
        "active",
    ]
    list_filter = ["active", "kind"]
    search_fields = ["plan_reference", "decision_body", "note"]
    readonly_fields = ["kind_description"]
    fields = [
        "kind",
        "kind_description",
        "retention_days",
        "minimum_days",
        "plan_reference",
        ("decision_body", "decision_date", "decision_paragraph"),
        "active",
        "note",
    ]

    def has_delete_permission(self, request, obj=None):
        # A rule the log cites is part of the record: it is switched off, never deleted.
        return False

    @admin.display(description=_("kind of data"))
    def kind_label(self, obj) -> str:
        return obj.kind_label

    @admin.display(description=_("gallring decision"))
    def decision(self, obj) -> str:
        return obj.decision

    @admin.display(description=_("what the kind holds"))
    def kind_description(self, obj) -> str:
        kind = retention_kind(obj.kind) if obj and obj.kind else None
        if kind is None:
            return "–"
        return _(
            "%(data)s Counted from %(start)s. Action: %(action)s. The law's minimum: %(days)s days."
        ) % {
            "data": kind.personal_data,
            "start": kind.counted_from,
            "action": kind.action,
            "days": kind.minimum_days,
        }


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GallringLog)
class GallringLogAdmin(ReadOnlyAdmin):
    list_display = [
        "run_at",
        "kind_label",
        "count",
        "history_count",
        "dry_run",
        "decision",
        "plan_reference",
        "started_by",
    ]
    list_filter = ["dry_run", "kind"]
    list_select_related = ["run_by", "rule"]
    date_hierarchy = "run_at"

    @admin.display(description=_("kind of data"))
    def kind_label(self, obj) -> str:
        return obj.kind_label


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(ReadOnlyAdmin):
    list_display = ["requested_at", "action", "requested_by", "email_hash"]
    list_filter = ["action"]
    list_select_related = ["requested_by"]
    search_fields = ["email_hash"]

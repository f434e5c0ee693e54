# Areas and topics are configuration each municipality edits; the public pages themselves are
# changed only through participation.services (who published, and when), so they are read-only.

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Area, OnlineForm, PublicDialogue, Question, Submission, Topic


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(PublicDialogue)
class PublicDialogueAdmin(SimpleHistoryAdmin):
    list_display = ["dialogue", "is_published", "published_at", "unpublished_at"]
    list_filter = ["is_published"]
    search_fields = ["dialogue__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# -- Views given online: changed only through participation.online_services (the official's
# pages and the moderation); here they can be read, with their history, never deleted.


class _ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OnlineForm)
class OnlineFormAdmin(_ReadOnly):
    list_display = ["dialogue", "status", "opens_on", "closes_on"]
    list_filter = ["status"]
    search_fields = ["dialogue__title"]


@admin.register(Question)
class QuestionAdmin(_ReadOnly):
    list_display = ["text", "kind", "form", "position"]
    list_filter = ["kind"]


@admin.register(Submission)
class SubmissionAdmin(_ReadOnly):
    list_display = ["pk", "dialogue", "submitted_at", "status", "moderated_at"]
    list_filter = ["status"]
    search_fields = ["dialogue__title"]
    date_hierarchy = "submitted_at"

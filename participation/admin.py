# Areas and topics are configuration each municipality edits; the public pages themselves are
# changed only through participation.services (who published, and when), so they are read-only.

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Area, PublicDialogue, Topic


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

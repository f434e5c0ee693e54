"""Admin for the configuration (document types, keywords). Documents are changed through the
register's own pages, which go through the services; here they are read-only."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from roles.models import Body

from . import services
from .models import (
    Checklist,
    ChecklistItem,
    DelegationOrder,
    DelegationPoint,
    DocumentType,
    Goal,
    Keyword,
    PolicyProfile,
    SteeringDocument,
)
from .models.delegation import DECISION_POINTS
from .profiles import CONSIDERABLE_GROUPS, INITIATIVE_QUESTIONS, PARTICIPATION_LADDER, TARGET_GROUPS


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
            "source",
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
        "source_display",
    ]
    list_editable = ["rank"]
    search_fields = ["name", "title_words", "source"]

    @admin.display(description=_("source"))
    def source_display(self, obj):
        return Truncator(obj.source).chars(90)

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


# -- Policy profiles -------------------------------------------------------------------------

_LEVEL_LABELS = {
    "information": _("Information"),
    "konsultation": _("Consultation"),
    "dialog": _("Dialogue"),
    "inflytande": _("Influence"),
    "medbeslutande": _("Co-decision"),
}


class PolicyProfileForm(forms.ModelForm):
    initiative_questions = forms.MultipleChoiceField(
        label=_("questions asked at the initiative"),
        choices=list(INITIATIVE_QUESTIONS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The political body must answer each ticked question YES before a dialogue."),
    )
    always_consider_groups = forms.MultipleChoiceField(
        label=_("groups that must always be considered"),
        choices=[(key, TARGET_GROUPS[key]) for key in CONSIDERABLE_GROUPS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each ticked group is either included in the mandate or left out with a reason."
        ),
    )
    lowest_participation_level = forms.ChoiceField(
        label=_("lowest allowed participation level"),
        choices=[("", _("Any level"))] + [(k, _LEVEL_LABELS[k]) for k in PARTICIPATION_LADDER],
        required=False,
    )
    delegable_points = forms.MultipleChoiceField(
        label=_("decision points that may be decided by delegation"),
        choices=DECISION_POINTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "What a body's delegation order may delegate under this policy. The final decision "
            "and the council's decisions cannot be delegated (kommunallagen 5 kap 1 §, 6 kap "
            "38 §): ticking them is refused with the reason."
        ),
    )

    class Meta:
        model = PolicyProfile
        fields = [
            "key",
            "name",
            "description",
            "source",
            "policy_document",
            "is_active",
            "mandate_decided_by",
            "launch_decided_by",
            "initiative_questions",
            "lowest_participation_level",
            "always_consider_groups",
            "follow_up_rhythm_months",
            "policy_review_interval_months",
            "activity_evaluation_required",
            "feedback_plan_required_at_mandate",
            "reminder_after_days",
            "delegable_points",
            "delegation_to_officials",
            "user_dialogue_decided_by",
        ]


@admin.register(PolicyProfile)
class PolicyProfileAdmin(SimpleHistoryAdmin):
    """Choose the active profile; a profile that dialogues run under is read-only (its rules
    must not change under running dialogues: editing means creating a new profile)."""

    form = PolicyProfileForm
    list_display = [
        "name",
        "key",
        "is_active",
        "mandate_decided_by",
        "launch_decided_by",
        "policy_document",
        "in_use",
    ]
    list_filter = ["is_active", "mandate_decided_by"]
    search_fields = ["name", "key"]
    actions = ["make_active"]

    @admin.display(description=_("used by dialogues"), boolean=True)
    def in_use(self, obj):
        return obj.is_in_use

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_in_use:
            # Only the choice of the active profile stays open.
            return [name for name in PolicyProfileForm.Meta.fields if name != "is_active"]
        return []

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.is_in_use:
            # The declared fields of PolicyProfileForm would stay editable: use a bare form.
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_in_use and request.method == "GET":
            messages.warning(
                request,
                _(
                    "Dialogues run under this profile, so its rules cannot be changed: they keep "
                    "the rules they started under. To change the rules, create a new profile "
                    "(and hang it on the new dialogue policy). You can still make it the active "
                    "profile."
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_in_use:
            return False
        return super().has_delete_permission(request, obj)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if obj.is_active:
            # The unique constraint allows one active profile: switch the others off first.
            services.switch_off_other_profiles(keep=obj, user=request.user)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Make the selected profile the active one"))
    def make_active(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one profile."), level=messages.ERROR)
            return
        profile = queryset.get()
        services.activate_profile(profile=profile, user=request.user)
        self.message_user(
            request, _("%(name)s is now the active profile.") % {"name": profile.name}
        )


# -- Delegation orders (kommunallagen 6 kap 37-40 §§) -----------------------------------------


class DelegationPointInline(admin.TabularInline):
    """The order's points; each is checked against what the law reserves (its clean)."""

    model = DelegationPoint
    extra = 0
    fields = ["reference", "point", "delegate", "delegate_body", "delegate_role", "text"]
    autocomplete_fields = ["delegate_body"]


@admin.register(DelegationOrder)
class DelegationOrderAdmin(SimpleHistoryAdmin):
    """A body's delegation order and its points. Configuration only: decisions taken by
    delegation are recorded on the dialogue's page, through the services."""

    list_display = ["body", "document", "chair_decides_urgent_matters"]
    search_fields = ["body__name", "body__code", "document__title"]
    autocomplete_fields = ["body"]
    raw_id_fields = ["document"]
    inlines = [DelegationPointInline]

    def has_delete_permission(self, request, obj=None):
        # A body's delegation order is a record (decisions taken by delegation cite it): it is
        # replaced by a new one, never deleted (issue 15).
        return False


# -- The municipality's goals and the profiles' checklists (issue 16) --------------------------


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "owner_body", "period_start", "period_end", "source"]
    list_filter = ["owner_body"]
    search_fields = ["code", "title", "source"]

    def has_delete_permission(self, request, obj=None):
        # A goal that dialogues or documents link to is kept (give it an end date instead).
        if obj is not None and (obj.dialogues.exists() or obj.steering_documents.exists()):
            return False
        return super().has_delete_permission(request, obj)


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["position", "key", "kind", "text", "source"]


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    """A profile's checklists (filled from its preset; a municipality with the wording of its own
    checklists edits them here). An item a dialogue answered cannot be deleted."""

    list_display = ["title", "profile", "step", "position"]
    list_filter = ["profile", "step"]
    inlines = [ChecklistItemInline]

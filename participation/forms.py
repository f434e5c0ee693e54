from django import forms

from core.forms import ChooseLabelMixin

from .models import Area, PublicDialogue, Topic


class PublicDetailsForm(ChooseLabelMixin, forms.ModelForm):
    areas = forms.ModelMultipleChoiceField(
        queryset=Area.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=PublicDialogue._meta.get_field("areas").verbose_name.capitalize(),
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=PublicDialogue._meta.get_field("topics").verbose_name.capitalize(),
    )

    class Meta:
        model = PublicDialogue
        fields = ["summary", "cannot_influence", "summary_easy", "summary_en", "areas", "topics"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "cannot_influence": forms.Textarea(attrs={"rows": 3}),
            "summary_easy": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
        }

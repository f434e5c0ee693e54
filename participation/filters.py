"""The start page's filters: area, target group and topic, as a plain GET form."""

import django_filters
from django.utils.translation import gettext_lazy as _

from governance.profiles import TARGET_GROUPS

from .models import Area, Topic


def _group_choices():
    return [(key, label) for key, label in TARGET_GROUPS.items() if key != "other"]


class PublicDialogueFilter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(
        label=_("Area"),
        field_name="areas",
        queryset=Area.objects.all(),
        empty_label=_("All areas"),
    )
    group = django_filters.ChoiceFilter(
        label=_("Target group"),
        choices=_group_choices,
        method="for_group",
        empty_label=_("All target groups"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        queryset=Topic.objects.all(),
        empty_label=_("All topics"),
    )

    def for_group(self, queryset, name, value):
        return queryset.filter(
            dialogue__target_groups__group=value, dialogue__target_groups__included=True
        ).distinct()

"""The dialogue list's filters (state, body, registration year, responsible official, search) and
the input register's (text, source, theme, within the purpose)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.filters import QuickSelect
from roles.selectors import political_bodies

from .forms import FilterForm
from .models import InputItem, State, Theme
from .selectors import DASHBOARD_LISTS, registration_years


def _year_choices():
    return [(year, str(year)) for year in registration_years()]


class DialogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Title, case number or question."),
    )
    # The selects written out in Python (QuickSelect, the same HTML as Django's templates): two
    # templates per option were a tenth of the list page.
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=State.choices, empty_label=_("All states"), widget=QuickSelect
    )
    # A name to type rather than a list, like the responsible official: a regional or national
    # service has hundreds of committees, and a list of them all was most of the page.
    body = django_filters.CharFilter(
        label=_("Body"),
        method="body_named",
        max_length=150,
        help_text=_("Name or abbreviation."),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year registered"),
        field_name="case_year",
        choices=_year_choices,
        empty_label=_("All years"),
        widget=QuickSelect,
    )
    # A name to type rather than a list: a municipality has hundreds of officials, a regional
    # service thousands.
    responsible = django_filters.CharFilter(
        label=_("Responsible official"),
        method="responsible_named",
        max_length=150,
        help_text=_("First name, last name or user name."),
    )

    # The dashboard's lists, for its "show all" links; each is the user's own.
    show = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[
            ("mine", _("My dialogues")),
            ("awaiting", _("Awaiting my decision")),
            ("to_register", _("Cases to register")),
            ("to_record", _("Decision points to record")),
            ("overdue", _("Overdue")),
        ],
        empty_label=_("All dialogues"),
        method="dashboard_list",
        widget=QuickSelect,
    )

    class Meta:
        form = FilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(case_number__icontains=value)
            | Q(question__icontains=value)
        )

    def body_named(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            # A body's id: a link to one body's dialogues.
            return queryset.filter(body_id=int(value))
        bodies = political_bodies().filter(Q(code__iexact=value) | Q(name__icontains=value))
        return queryset.filter(body__in=bodies)

    def responsible_named(self, queryset, name, value):
        # Every word is part of the official's first name, last name or user name.
        for word in value.split():
            queryset = queryset.filter(
                Q(responsible_official__first_name__icontains=word)
                | Q(responsible_official__last_name__icontains=word)
                | Q(responsible_official__username__icontains=word)
            )
        return queryset

    def dashboard_list(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or not getattr(user, "is_authenticated", False):
            return queryset
        return queryset.filter(pk__in=DASHBOARD_LISTS[value](user).values("pk"))


class InputFilter(django_filters.FilterSet):
    """The input register's filters (GET). A value that fails validation is left out of the
    filtering, never an error page."""

    ON_TOPIC = [("yes", _("Within the purpose")), ("no", _("Off-topic"))]

    q = django_filters.CharFilter(
        label=_("Search in the text"), field_name="text", lookup_expr="icontains"
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=InputItem.Source.choices, empty_label=_("All")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.none(),  # the dialogue's own themes, set in __init__
        empty_label=_("All"),
    )
    on_topic = django_filters.ChoiceFilter(
        label=_("Within the purpose"),
        choices=ON_TOPIC,
        empty_label=_("All"),
        method="within_purpose",
    )

    class Meta:
        form = FilterForm

    def __init__(self, data=None, queryset=None, *, dialogue, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Only this dialogue's themes are offered (and accepted).
        self.filters["theme"].queryset = dialogue.themes.all()

    def within_purpose(self, queryset, name, value):
        return queryset.filter(within_purpose=value == "yes") if value else queryset

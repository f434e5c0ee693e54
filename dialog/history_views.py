"""The history page of a dialogue and of each record of its steps (issue 15): who changed which
field, from what to what, when; filtered by step and person, a page at a time, with the
timeline's transitions mixed in on request (`?with_timeline=1`). For those who may view the
dialogue (`dialog.view_dialogue`)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.people import person_label

from . import history_selectors as selectors
from .forms.base import FilterForm
from .views import _load_viewable


class HistoryFilterForm(FilterForm):
    step = forms.ChoiceField(label=gettext_lazy("Step"), required=False)
    person = forms.TypedChoiceField(
        label=gettext_lazy("Person"), required=False, coerce=int, empty_value=None
    )
    with_timeline = forms.BooleanField(
        label=gettext_lazy("Show the timeline's transitions too"), required=False
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", _("All steps")), *selectors.STEPS]
        self.fields["person"].choices = [("", _("Everyone"))] + [
            (p.pk, person_label(p)) for p in people
        ]

    def filters(self, **record) -> selectors.Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.Filters(
            step=data.get("step") or "",
            person_id=data.get("person"),
            with_timeline=bool(data.get("with_timeline")),
            **record,
        )


def _page(request, dialogue, *, title, record=None, status=200):
    people = selectors.people(dialogue)
    form = HistoryFilterForm(request.GET or None, people=people)
    if form.is_bound and not form.is_valid():
        status = 400  # an unknown step or person: said on the form, the whole history shown
    filters = form.filters(**(record or {}))
    page, entries = selectors.history_page(dialogue, filters, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "dialogue": dialogue,
        "title": title,
        "form": form,
        "page": page,
        "entries": entries,
        "query": query.urlencode(),
        "record": record,
        "all_url": reverse("dialog:history", args=[dialogue.pk]),
    }
    return render(request, "dialog/history/page.html", context, status=status)


@login_required
def dialogue_history(request, pk: int):
    dialogue = _load_viewable(request, pk)
    return _page(request, dialogue, title=_("History of %(dialogue)s") % {"dialogue": dialogue})


@login_required
def record_history(request, pk: int, source: str, object_id: int):
    """One record's history (an input, an activity, ...), withdrawn or not."""
    dialogue = _load_viewable(request, pk)
    found = selectors.BY_KEY.get(source)
    if found is None or not found.rows(dialogue.pk).filter(id=object_id).exists():
        raise Http404(_("There is no such record in this dialogue."))
    title = _("History of a record: %(kind)s") % {"kind": found.model._meta.verbose_name}
    return _page(request, dialogue, title=title, record={"source": source, "object_id": object_id})

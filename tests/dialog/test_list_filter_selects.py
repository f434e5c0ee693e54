"""The dialogue list's selects (state, year, the dashboard's lists) are written out in Python
(governance.filters.QuickSelect, issue 11): the same HTML as Django's own Select."""

import pytest
from django import forms

from dialog.filters import DialogueFilter
from dialog.models import Dialogue
from governance.filters import QuickSelect
from tests.factories import make_dialogue, register_directly

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "data", [None, {"state": "planning"}, {"year": "1999"}, {"show": "mine", "state": "x"}]
)
def test_the_selects_write_what_djangos_select_writes(cast, data):
    register_directly(make_dialogue(cast), year=1999)
    form = DialogueFilter(data, queryset=Dialogue.objects.all()).form
    for name in ("state", "year", "show"):
        bound = form[name]
        assert isinstance(bound.field.widget, QuickSelect)
        quick = bound.as_widget()
        django = bound.as_widget(
            widget=forms.Select(attrs=bound.field.widget.attrs, choices=bound.field.choices)
        )
        assert quick == django
        assert quick.count("<option") == len(bound.field.choices)
    assert 'value="1999"' in form["year"].as_widget()

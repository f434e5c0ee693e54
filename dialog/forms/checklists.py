"""The form that answers one checklist of the dialogue's profile (issue 16): a box to tick for
each "tick" item, a text for each "answer" item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ChooseLabelMixin
from governance.models import ChecklistItem

from ..checklists import ChecklistRow

MAX_ANSWER = 4000


class ChecklistForm(ChooseLabelMixin, forms.Form):
    def __init__(self, *args, row: ChecklistRow, **kwargs):
        self.row = row
        initial = {}
        for item_row in row.items:
            answer = item_row.answer
            name = self.field_name(item_row.item)
            if answer is not None:
                tick = item_row.item.kind == ChecklistItem.Kind.TICK
                initial[name] = answer.ticked if tick else answer.answer
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for item_row in row.items:
            item = item_row.item
            if item.kind == ChecklistItem.Kind.TICK:
                field = forms.BooleanField(label=item.text, required=False)
            else:
                field = forms.CharField(
                    label=item.text,
                    required=False,
                    max_length=MAX_ANSWER,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            if item.source:
                field.help_text = _("Source: %(source)s") % {"source": item.source}
            self.fields[self.field_name(item)] = field

    @staticmethod
    def field_name(item) -> str:
        return f"item_{item.pk}"

    def answers(self) -> dict:
        """The service's `answers`: item id -> {"ticked", "answer"}."""
        result = {}
        for item_row in self.row.items:
            item = item_row.item
            value = self.cleaned_data.get(self.field_name(item))
            if item.kind == ChecklistItem.Kind.TICK:
                result[item.pk] = {"ticked": bool(value), "answer": ""}
            else:
                result[item.pk] = {"ticked": False, "answer": value or ""}
        return result

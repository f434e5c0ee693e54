"""Step 6: a theme, the summary, and the tagging page's ticks."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import (
    CompilationSummary,
    Theme,
)
from .base import (
    ItemForm,
    LockedModelForm,
    _textareas,
)

# -- Step 6: compilation -----------------------------------------------------------------


class ThemeForm(ItemForm):
    class Meta:
        model = Theme
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.dialogue = self.dialogue


class CompilationSummaryForm(LockedModelForm):
    class Meta:
        model = CompilationSummary
        fields = ["summary"]
        widgets = _textareas(["summary"], rows=10)
        help_texts = {
            "summary": _(
                "What residents said, theme by theme, and who took part. It is part of the "
                "decision basis."
            )
        }


def parse_tags(post) -> dict[int, list[int]]:
    """The tagging page's rows: `inputs` lists the input ids on the page, `themes_<id>` the
    ticked theme ids of each (the service checks they are the dialogue's). Raises
    ValidationError for a damaged form."""
    tags: dict[int, list[int]] = {}
    try:
        for raw in post.getlist("inputs"):
            input_id = int(raw)
            tags[input_id] = [int(v) for v in post.getlist(f"themes_{input_id}")]
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("The form is damaged; reload the page.")) from exc
    return tags

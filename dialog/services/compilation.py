"""Step 6, the compilation: themes, tagging the inputs, the summary."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused  # noqa: F401

from ..models import (
    CompilationSummary,
    InputItem,
    Theme,
)
from .case import (
    access_dialogue,
)
from .content import (
    _delete_item,
    _gone,
    _save_item,
    _update_record,
)

# Step 6: the compilation.


@transaction.atomic
def save_theme(
    *, dialogue_id: int, user, data: dict, item_id=None, expected_updated_at=None
) -> Theme:
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_compilation")
    return _save_item(
        model=Theme,
        dialogue=dialogue,
        user=user,
        data=data,
        item_id=item_id,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def delete_theme(*, dialogue_id: int, user, item_id: int, reason: str) -> None:
    """Remove a theme; the inputs tagged to it lose that tag (and may need another)."""
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_compilation")
    _delete_item(model=Theme, dialogue=dialogue, user=user, item_id=item_id, reason=reason)


@transaction.atomic
def tag_inputs(*, dialogue_id: int, user, tags: dict) -> int:
    """Set the themes of each input in `tags` ({input id: theme ids}); returns how many inputs
    changed. Only inputs within the purpose are tagged; off-topic input is forwarded."""
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_compilation")
    theme_ids = set(Theme.objects.filter(dialogue=dialogue).values_list("pk", flat=True))
    items = {
        item.pk: item
        for item in InputItem.objects.filter(dialogue=dialogue, pk__in=list(tags)).prefetch_related(
            "themes"
        )
    }
    changed = 0
    for input_id, wanted in tags.items():
        item = items.get(input_id)
        if item is None:
            raise _gone()
        if not item.within_purpose:
            raise ValidationError(
                _("“%(input)s” is off-topic: it is forwarded, not tagged to a theme.")
                % {"input": item}
            )
        wanted = set(wanted)
        if not wanted <= theme_ids:
            raise Conflict(
                _("A theme has been removed in the meantime. Nothing was changed; reload the page.")
            )
        if {t.pk for t in item.themes.all()} != wanted:
            item._history_user = user
            item.themes.set(wanted)
            changed += 1
    return changed


def update_compilation_summary(
    *, dialogue_id: int, user, data: dict, expected_updated_at=None
) -> CompilationSummary:
    return _update_record(
        model=CompilationSummary,
        permission="dialog.edit_compilation",
        dialogue_id=dialogue_id,
        user=user,
        data=data,
        expected_updated_at=expected_updated_at,
    )

"""The content of the dialogue's steps, one module per step, in the order of the process.

Each module declares one `StepContent` (see `base.py`): where its content can be edited and who
may, what the step's next transition needs (`missing`), its one-record forms, its list items and
its panel. Looking for a step's rule? Open its module here.

Built from this one tuple, never changed at run time:
- the conditions of the transitions that leave a step (`dialog.models.requires_step`),
- the `edit_*` permissions and the reasons given when they are refused (`dialog.rules`),
- the item and step-form pages and their URLs (`dialog.step_views.content`, `dialog.urls`),
- the panels of the dialogue page.
"""

from . import (
    compilation,
    decision_followup,
    execution,
    feedback,
    initiative_mandate,
    planning,
    processing,
)
from .base import Editing, ItemKind, RecordForm, StepContent

STEP_CONTENTS: tuple[StepContent, ...] = (
    initiative_mandate.CONTENT,
    planning.CONTENT,
    execution.CONTENT,
    compilation.CONTENT,
    feedback.CONTENT,
    processing.CONTENT,
    decision_followup.CONTENT,
)

_BY_NAME = {content.name: content for content in STEP_CONTENTS}


def get(name: str) -> StepContent:
    return _BY_NAME[name]


def editing_permissions() -> tuple[Editing, ...]:
    return tuple(editing for content in STEP_CONTENTS for editing in content.permissions)


def item_kinds() -> dict[str, ItemKind]:
    return {item.name: item for content in STEP_CONTENTS for item in content.items}


def record_forms() -> dict[str, RecordForm]:
    return {record.name: record for content in STEP_CONTENTS for record in content.records}


__all__ = [
    "STEP_CONTENTS",
    "Editing",
    "ItemKind",
    "RecordForm",
    "StepContent",
    "editing_permissions",
    "get",
    "item_kinds",
    "record_forms",
]

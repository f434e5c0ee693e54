"""Steps 1-2: the initiative and the mandate (with the initiative questions' answers and the
target groups).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused  # noqa: F401

from ..models import (
    Dialogue,
    InitiativeAnswer,
    Mandate,
    TargetGroup,
)
from .case import (
    _check_unchanged,
    _check_version,
    _save_changed,
    access_dialogue,
)


def update_initiative(*, dialogue_id: int, user, data: dict, expected_updated_at=None) -> Dialogue:
    with transaction.atomic():
        dialogue = access_dialogue(dialogue_id, user, "dialog.edit_initiative")
        _check_unchanged(dialogue, expected_updated_at)
        data = dict(data)
        _check_body_kept(dialogue, data)
        answers = data.pop("initiative_answers", None)
        for name, value in data.items():
            setattr(dialogue, name, value)
        dialogue.full_clean()
        if answers is not None:
            _save_answers(dialogue, answers, user)
        _save_changed(dialogue, user)
    return dialogue


def _check_body_kept(dialogue: Dialogue, data: dict) -> None:
    """A registered case is the body's case under its number: moving it to another body is a
    decision of its own, not an edit of the initiative."""
    if "body" not in data or not dialogue.is_registered:
        return
    body = data["body"]
    if getattr(body, "pk", body) != dialogue.body_id:
        raise ValidationError(
            {
                "body": _(
                    "The case is registered as %(number)s, so its body cannot be changed. "
                    "Moving a case to another body is a decision of its own."
                )
                % {"number": dialogue.case_number}
            }
        )


def _save_answers(dialogue: Dialogue, answers: dict, user) -> None:
    """`answers` maps a question key to (answer or None, comment); None removes the answer."""
    current = {a.question: a for a in InitiativeAnswer.objects.filter(dialogue=dialogue)}
    for key, (answer, comment) in answers.items():
        if key not in InitiativeAnswer.QUESTIONS:
            raise ValidationError({"initiative_answers": _("Unknown question.")})
        row = current.get(key)
        if answer is None:
            if row is not None:
                row._history_user = user
                row.delete()
            continue
        row = row or InitiativeAnswer(dialogue=dialogue, question=key)
        if row.pk and row.answer == answer and row.comment == comment:
            continue
        row.answer, row.comment = answer, comment
        row._history_user = user
        row.save()


def update_mandate(*, dialogue_id: int, user, data: dict, expected_updated_at=None) -> Mandate:
    with transaction.atomic():
        dialogue = access_dialogue(dialogue_id, user, "dialog.edit_initiative")
        mandate = Mandate.objects.select_for_update().filter(dialogue=dialogue).first()
        mandate = mandate or Mandate(dialogue=dialogue)
        _check_unchanged_mandate(mandate, expected_updated_at)
        data = dict(data)
        groups = data.pop("target_group_rows", None)
        for name, value in data.items():
            setattr(mandate, name, value)
        mandate._history_user = user
        mandate.full_clean()
        if groups is not None:
            _save_target_groups(dialogue, groups, user)
        mandate.save()
        # Touch the dialogue so its `updated_at` and history show that its content changed.
        _save_changed(dialogue, user)
    return mandate


def _save_target_groups(dialogue: Dialogue, groups: list[dict], user) -> None:
    """Replace the mandate's target groups with `groups` (dicts of group, name, included,
    reason); a group left out needs its reason (TargetGroup.clean)."""
    wanted = {}
    errors = []
    for values in groups:
        row = TargetGroup(dialogue=dialogue, **values)
        try:
            row.full_clean(exclude=["dialogue"], validate_unique=False)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        wanted[(row.group, row.name)] = row
    if errors:
        raise ValidationError({"target_group_rows": errors})
    current = {(g.group, g.name): g for g in TargetGroup.objects.filter(dialogue=dialogue)}
    for key, row in current.items():
        if key not in wanted:
            row._history_user = user
            row.delete()
    for key, row in wanted.items():
        existing = current.get(key)
        if existing is not None:
            if (existing.included, existing.reason) == (row.included, row.reason):
                continue
            existing.included, existing.reason = row.included, row.reason
            row = existing
        row._history_user = user
        row.save()


def _check_unchanged_mandate(mandate: Mandate, expected_updated_at) -> None:
    _check_version(mandate, expected_updated_at)

"""Step 9 after the decision: the action plan, the feedback to residents (published once, by
`publish_resident_feedback`) and the evaluation (done once, by `mark_evaluation_done`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused  # noqa: F401
from roles.models import Membership

from ..models import (
    ActionItem,
    Evaluation,
    ResidentFeedback,
)
from ..signals import resident_feedback_published
from ..steps.decision_followup import evaluation_missing, publish_missing
from .case import (
    access_dialogue,
)
from .content import (
    _delete_item,
    _save_item,
    _update_record,
)

# Step 9: the action plan, the feedback to residents and the evaluation.


def _check_action_responsible(data: dict) -> None:
    responsible = data.get("responsible")
    if responsible is None and not (data.get("responsible_text") or "").strip():
        raise ValidationError(
            {"responsible": _("Choose who is responsible, or name a unit or person.")}
        )
    if (
        responsible is not None
        and not Membership.objects.active().filter(person=responsible).exists()
    ):
        raise ValidationError(
            {"responsible": _("The responsible person must have a role in one of the bodies.")}
        )


@transaction.atomic
def save_action_item(
    *, dialogue_id: int, user, data: dict, item_id=None, expected_updated_at=None
) -> ActionItem:
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_decision_followup")
    _check_action_responsible(data)
    return _save_item(
        model=ActionItem,
        dialogue=dialogue,
        user=user,
        data=data,
        item_id=item_id,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def delete_action_item(*, dialogue_id: int, user, item_id: int, reason: str) -> None:
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_decision_followup")
    _delete_item(model=ActionItem, dialogue=dialogue, user=user, item_id=item_id, reason=reason)


def update_resident_feedback(
    *, dialogue_id: int, user, data: dict, expected_updated_at=None
) -> ResidentFeedback:
    return _update_record(
        model=ResidentFeedback,
        permission="dialog.edit_decision_followup",
        dialogue_id=dialogue_id,
        user=user,
        data=data,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def publish_resident_feedback(*, dialogue_id: int, user) -> ResidentFeedback:
    """Publish the feedback to residents today: it needs the final decision recorded and what we
    heard, what we decided and why [HAN][FOR][HAG]."""

    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_decision_followup")
    feedback = ResidentFeedback.objects.filter(dialogue=dialogue).first()
    if feedback is None:
        feedback = ResidentFeedback(dialogue=dialogue)
    if feedback.is_published:
        raise Conflict(
            _("The feedback was already published on %(date)s.")
            % {"date": feedback.published_on.isoformat()}
        )
    missing = publish_missing(dialogue, feedback)
    if missing:
        raise ConditionsUnmet(missing)
    feedback.published_on = timezone.localdate()
    feedback._history_user = user
    feedback.save()
    # The residents' side e-mails those who asked for it (participation.notifications).
    transaction.on_commit(
        lambda: resident_feedback_published.send(sender=ResidentFeedback, dialogue_id=dialogue.pk)
    )
    return feedback


def update_evaluation(
    *, dialogue_id: int, user, data: dict, expected_updated_at=None
) -> Evaluation:
    return _update_record(
        model=Evaluation,
        permission="dialog.edit_decision_followup",
        dialogue_id=dialogue_id,
        user=user,
        data=data,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def mark_evaluation_done(*, dialogue_id: int, user) -> Evaluation:
    """Mark the evaluation done today; every part of it must be filled in [SAN][SOL]."""

    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_decision_followup")
    evaluation = Evaluation.objects.filter(dialogue=dialogue).first() or Evaluation(
        dialogue=dialogue
    )
    if evaluation.is_done:
        raise Conflict(
            _("The evaluation was already marked as done on %(date)s.")
            % {"date": evaluation.done_on.isoformat()}
        )
    missing = evaluation_missing(evaluation)
    if missing:
        raise ConditionsUnmet(missing)
    evaluation.done_on = timezone.localdate()
    evaluation._history_user = user
    evaluation.save()
    return evaluation

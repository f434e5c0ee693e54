"""Step 8, the processing: the proposal for decision and its numbered points."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused  # noqa: F401

from ..models import (
    Dialogue,
    Proposal,
    ProposalPoint,
)
from .case import (
    _check_version,
    access_dialogue,
)
from .content import (
    _gone,
    _update_record,
    withdraw,
)

# Step 8: the proposal for decision.


def _proposal_of(dialogue: Dialogue, user) -> Proposal:
    proposal = Proposal.objects.filter(dialogue=dialogue).first()
    if proposal is None:
        proposal = Proposal(dialogue=dialogue)
        proposal._history_user = user
        proposal.save()
    return proposal


def update_proposal(*, dialogue_id: int, user, data: dict, expected_updated_at=None) -> Proposal:
    """The consequences and how the dialogue changed the proposal. A draft may be incomplete;
    submitting the proposal for decision needs every part (dialog.steps.processing)."""
    return _update_record(
        model=Proposal,
        permission="dialog.edit_processing",
        dialogue_id=dialogue_id,
        user=user,
        data=data,
        expected_updated_at=expected_updated_at,
    )


def _renumber(points: list, user) -> None:
    """Number `points` 1..n in the given order. The numbers are unique per proposal, so the
    points that move first step aside above every number in use."""
    moved = [(point, n) for n, point in enumerate(points, start=1) if point.number != n]
    if not moved:
        return
    aside = max(p.number for p in points) + len(points) + 1
    ProposalPoint.objects.filter(pk__in=[p.pk for p, _n in moved]).update(
        number=F("number") + aside
    )
    for point, n in moved:
        point.number = n
        point._history_user = user
        point.save(update_fields=["number"])


def _ordered_points(proposal: Proposal) -> list:
    return list(ProposalPoint.objects.filter(proposal=proposal).order_by("number", "pk"))


@transaction.atomic
def save_proposal_point(
    *, dialogue_id: int, user, data: dict, item_id=None, expected_updated_at=None
) -> ProposalPoint:
    """Add a point at the end (no `item_id`) or change one; `data["number"]`, when given, moves
    the point there. The points stay numbered 1..n without gaps."""
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_processing")
    proposal = _proposal_of(dialogue, user)
    points = _ordered_points(proposal)
    text = (data.get("text") or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the point.")})
    if item_id is None:
        point = ProposalPoint(proposal=proposal, number=len(points) + 1, text=text)
    else:
        point = next((p for p in points if p.pk == item_id), None)
        if point is None:
            raise _gone()
        _check_version(point, expected_updated_at)
        point.text = text
    point._history_user = user
    point.save()
    if item_id is None:
        points.append(point)
    position = data.get("number")
    if position:
        _move(points, point, position, user)
    return point


def _move(points: list, point, position: int, user) -> None:
    position = max(1, min(int(position), len(points)))
    points.remove(point)
    points.insert(position - 1, point)
    _renumber(points, user)


@transaction.atomic
def move_proposal_point(*, dialogue_id: int, user, item_id: int, position: int) -> None:
    """Move a point to `position` (1..n; outside values go to the first or last place)."""
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_processing")
    points = _ordered_points(_proposal_of(dialogue, user))
    point = next((p for p in points if p.pk == item_id), None)
    if point is None:
        raise _gone()
    _move(points, point, position, user)


@transaction.atomic
def delete_proposal_point(*, dialogue_id: int, user, item_id: int, reason: str) -> None:
    dialogue = access_dialogue(dialogue_id, user, "dialog.edit_processing")
    points = _ordered_points(_proposal_of(dialogue, user))
    point = next((p for p in points if p.pk == item_id), None)
    if point is None:
        raise _gone()
    # Withdrawn with the reason, never deleted; it keeps its number, the others are renumbered.
    withdraw(point, user=user, reason=reason)
    points.remove(point)
    _renumber(points, user)

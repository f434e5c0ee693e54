"""Decisions taken on a body's behalf, and their report to it (anmälan):

- by delegation (kommunallagen 6 kap 37-40 §§): the delegate the body's delegation order names
  for the decision point, with that point quoted into the decision; a user dialogue owned by an
  administration is decided within it the same way, by its head of administration;
- urgently by the chair (ordförandebeslut, 6 kap 39 §), or the vice chair while the chair is
  marked absent, with the reason the matter could not wait.

Both are listed for report to the body at a later meeting until its secretary records the
meeting and § where they were reported (6 kap 40 §). Each checks its own permission inside
`record`, after `run_transition` has locked the row.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, PermissionRefused
from roles.models import ChairAbsence, Meeting

from .. import delegation
from ..models import Decision
from .case import run_transition
from .meetings import clean_paragraph


def _current(dialogue_id: int):
    """The dialogue as it stands, unlocked: only to refuse early with the form's own reason (the
    authoritative check runs again in `record`, after the lock)."""
    from ..models import Dialogue

    return Dialogue.objects.select_related("body", "policy_profile").get(pk=dialogue_id)


def delegation_decision(*, dialogue, user, text: str, decided_on=None) -> Decision:
    """An unsaved delegation decision of `user` at the dialogue's current point."""
    found = delegation.delegation_for(user, dialogue)
    if found is None:
        raise PermissionRefused(delegation.delegation_refusal(user, dialogue))
    body, point = found
    quote = point.quote() if point is not None else delegation.administration_quote(dialogue)
    return Decision(
        kind=Decision.Kind.DELEGATION,
        body=body,
        decided_on=decided_on or timezone.localdate(),
        delegation_quote=quote,
        text=(text or "").strip(),
    )


def decide_by_delegation(
    *,
    dialogue_id: int,
    name: str,
    user,
    text: str,
    decided_on=None,
    expected_state: str | None = None,
):
    """Record the current point's outcome (the transition `name`) as a delegation decision."""
    current = _current(dialogue_id)
    moved = expected_state is not None and current.state != expected_state  # a Conflict below
    if not moved and delegation.delegation_for(user, current) is None:
        raise PermissionRefused(delegation.delegation_refusal(user, current))

    def record(dialogue):
        return delegation_decision(dialogue=dialogue, user=user, text=text, decided_on=decided_on)

    return run_transition(
        dialogue_id=dialogue_id,
        name=name,
        user=user,
        expected_state=expected_state,
        comment=text,
        record=record,
    )


def urgent_decision(*, dialogue, user, text: str, urgency_reason: str, decided_on=None):
    """An unsaved urgent decision by the chair (or the acting vice chair) of a deciding body."""
    body = delegation.urgent_body(user, dialogue)
    if body is None:
        raise PermissionRefused(delegation.urgency_refusal(user, dialogue))
    reason = (urgency_reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "urgency_reason": _(
                    "Say why the matter could not wait for the next meeting of %(body)s."
                )
                % {"body": body.name}
            }
        )
    return Decision(
        kind=Decision.Kind.URGENT,
        body=body,
        decided_on=decided_on or timezone.localdate(),
        urgency_reason=reason,
        text=(text or "").strip(),
    )


def decide_urgently(
    *,
    dialogue_id: int,
    name: str,
    user,
    text: str,
    urgency_reason: str,
    decided_on=None,
    expected_state: str | None = None,
):
    """Record the current point's outcome (the transition `name`) as an ordförandebeslut."""
    current = _current(dialogue_id)
    moved = expected_state is not None and current.state != expected_state  # a Conflict below
    if not moved and delegation.urgent_body(user, current) is None:
        raise PermissionRefused(delegation.urgency_refusal(user, current))

    def record(dialogue):
        return urgent_decision(
            dialogue=dialogue,
            user=user,
            text=text,
            urgency_reason=urgency_reason,
            decided_on=decided_on,
        )

    return run_transition(
        dialogue_id=dialogue_id,
        name=name,
        user=user,
        expected_state=expected_state,
        comment=text,
        record=record,
    )


# -- The report (anmälan) to the body --------------------------------------------------------


@transaction.atomic
def record_report(*, decision_id: int, user, meeting, paragraph: str) -> Decision:
    """The secretary records the meeting and § where a delegation or urgent decision was
    reported to its body. `meeting` is a Meeting or its pk."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("body", "dialogue")
        .get(pk=decision_id)
    )
    if not delegation.may_record_report(user, decision):
        raise PermissionRefused(
            _("Only the committee secretary of %(body)s records what was reported to it.")
            % {"body": decision.body.name}
        )
    if decision.kind not in Decision.REPORTED_KINDS:
        raise ValidationError(
            {"decision": _("Only delegation and urgent decisions are reported to the body.")}
        )
    if decision.reported_meeting_id is not None:
        raise Conflict(
            _("The decision was already reported, at %(meeting)s § %(paragraph)s.")
            % {"meeting": decision.reported_meeting, "paragraph": decision.reported_paragraph}
        )
    errors = {}
    found = Meeting.objects.select_related("body").filter(pk=getattr(meeting, "pk", meeting))
    meeting = found[0] if found else None
    paragraph = clean_paragraph(paragraph)
    if meeting is None:
        errors["meeting"] = _("Choose the meeting where the decision was reported.")
    elif meeting.body_id != decision.body_id:
        errors["meeting"] = _(
            "The decision is reported to %(body)s: choose one of its meetings."
        ) % {"body": decision.body.name}
    elif meeting.held_on > timezone.localdate():
        errors["meeting"] = _(
            "The meeting of %(date)s has not been held yet: record the report after the meeting."
        ) % {"date": meeting.held_on.isoformat()}
    elif meeting.held_on < decision.decided_on:
        errors["meeting"] = _(
            "The meeting of %(date)s was held before the decision (%(decided)s): a decision is "
            "reported at a later meeting."
        ) % {"date": meeting.held_on.isoformat(), "decided": decision.decided_on.isoformat()}
    if not paragraph:
        errors["paragraph"] = _("Give the paragraph (§) of the minutes where it was reported.")
    if errors:
        raise ValidationError(errors)
    decision.reported_meeting = meeting
    decision.reported_paragraph = paragraph
    decision.full_clean(exclude=["dialogue", "recorded_by", "body", "meeting"])
    decision._history_user = user
    decision.save(update_fields=["reported_meeting", "reported_paragraph"])
    return decision


# -- The chair's absence (the vice chair then decides urgent matters) ---------------------------


@transaction.atomic
def note_chair_absence(*, body, user, starts_on, ends_on=None, note: str = "") -> ChairAbsence:
    """The body's secretary marks its chair absent for a period."""
    if not delegation.may_note_chair_absence(user, body):
        raise PermissionRefused(
            _("Only the committee secretary of %(body)s can mark its chair absent.")
            % {"body": body.name}
        )
    absence = ChairAbsence(
        body=body, starts_on=starts_on, ends_on=ends_on, note=(note or "").strip(), noted_by=user
    )
    absence.full_clean()
    absence._history_user = user
    absence.save()
    return absence

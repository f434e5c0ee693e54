"""A body's decisions at its meetings (kommunallagen 5 kap, 6 kap): one decision point recorded
from the minutes, and the information the responsible official notes instead of a decision
(the politicians' stance, the presentation to the presidium).

Each form checks its own permission inside `record`, after `run_transition` has locked the row.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ConditionsUnmet, Conflict, PermissionRefused
from core.people import person_label
from roles.models import Attendance, Meeting, Membership
from roles.selectors import body_ids_with_roles

from .. import dates, policy
from ..meeting_selectors import MEMBER_ROLES, meeting_roles
from ..models import AgendaItem, Decision, Dialogue
from .case import run_transition


def clean_paragraph(paragraph) -> str:
    return str(paragraph or "").strip().removeprefix("§").strip()


def check_paragraph_free(meeting, paragraph: str, *, field: str = "paragraph", exclude=None):
    """Each point decided at a meeting has its own paragraph in the minutes."""
    taken = Decision.objects.filter(meeting=meeting, paragraph=paragraph)
    if exclude is not None:
        taken = taken.exclude(pk__in=exclude)
    if taken.exists():
        raise ValidationError(
            {
                field: _("§ %(paragraph)s is already used at the meeting of %(date)s.")
                % {"paragraph": paragraph, "date": meeting.held_on.isoformat()}
            }
        )


def meeting_decision(*, dialogue, user, meeting: Meeting, paragraph: str, text: str) -> Decision:
    """An unsaved meeting decision of `meeting`'s body at the dialogue's current point, recorded
    by the body's committee secretary. The date is the meeting's."""
    if meeting.body_id not in body_ids_with_roles(user, [Membership.Role.SECRETARY]):
        raise PermissionRefused(
            _("Only the committee secretary of %(body)s can record its meeting decisions.")
            % {"body": meeting.body.name}
        )
    if not any(b.pk == meeting.body_id for b in policy.deciding_bodies(dialogue)):
        raise ValidationError(
            {
                "meeting": _(
                    "%(body)s does not decide this point under the dialogue policy: choose a "
                    "meeting of %(bodies)s."
                )
                % {
                    "body": meeting.body.name,
                    "bodies": ", ".join(b.name for b in policy.deciding_bodies(dialogue)),
                }
            }
        )
    paragraph = clean_paragraph(paragraph)
    if not paragraph:
        raise ValidationError(
            {"paragraph": _("A decision registered from the minutes needs its paragraph (§).")}
        )
    check_paragraph_free(meeting, paragraph)
    return Decision(
        kind=Decision.Kind.MEETING,
        body=meeting.body,
        meeting=meeting,
        decided_on=meeting.held_on,
        paragraph=paragraph,
        text=(text or "").strip(),
    )


def decide_at_meeting(
    *,
    dialogue_id: int,
    name: str,
    user,
    meeting,
    paragraph: str,
    text: str,
    expected_state: str | None = None,
):
    """Record the current decision point's outcome (the transition `name`) as the decision of
    the body at `meeting`, from the minutes. `meeting` is a Meeting or its pk."""

    def record(dialogue):
        found = Meeting.objects.select_related("body").filter(pk=getattr(meeting, "pk", meeting))
        if not found:
            raise ValidationError({"meeting": _("Choose the meeting where the body decided.")})
        return meeting_decision(
            dialogue=dialogue, user=user, meeting=found[0], paragraph=paragraph, text=text
        )

    return run_transition(
        dialogue_id=dialogue_id,
        name=name,
        user=user,
        expected_state=expected_state,
        comment=text,
        record=record,
    )


def note_information(
    *,
    dialogue_id: int,
    name: str,
    user,
    informed_occasion: str,
    informed_on,
    text: str,
    expected_state: str | None = None,
):
    """The responsible official notes the politicians' stance [SOL] or the plan's presentation
    to the presidium [SOL]: information, not a decision, so no paragraph; `informed_occasion`
    is the meeting or occasion where the politicians were informed, `informed_on` its date."""

    def record(dialogue):
        if not policy.official_records(dialogue, user):
            raise PermissionRefused(policy.who_decides(dialogue))
        occasion = (informed_occasion or "").strip()
        if not occasion:
            raise ValidationError(
                {"informed_occasion": _("Say where the politicians were informed.")}
            )
        return Decision(
            kind=policy.information_kind(dialogue),
            body=policy.deciding_bodies(dialogue)[0],
            decided_on=informed_on,
            informed_occasion=occasion,
            text=(text or "").strip(),
        )

    return run_transition(
        dialogue_id=dialogue_id,
        name=name,
        user=user,
        expected_state=expected_state,
        comment=text,
        record=record,
    )


# -- Meetings, their agendas, attendance and minutes --------------------------------------------

# The transition each recorded outcome runs, by decision point (tabled runs none).
OUTCOME_TRANSITIONS = {
    "mandate": {"approved": "approve_mandate", "rejected": "reject", "returned": "return_mandate"},
    "launch": {"approved": "approve_launch", "rejected": "reject", "returned": "return_launch"},
    "final": {"approved": "decide", "rejected": "reject", "returned": "return_proposal"},
}


def _require_secretary(user, body) -> None:
    from rules import has_perm

    if not has_perm("roles.manage_meetings", user, body):
        raise PermissionRefused(
            _("Only the committee secretary of %(body)s can keep its meetings.")
            % {"body": body.name}
        )


def _locked_meeting(meeting_id: int, user) -> Meeting:
    """The meeting, its row locked until the transaction ends, and the user its body's
    secretary."""
    try:
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("body")
            .get(pk=meeting_id)
        )
    except Meeting.DoesNotExist as exc:
        raise ConditionsUnmet(_("There is no such meeting.")) from exc
    _require_secretary(user, meeting.body)
    return meeting


@transaction.atomic
def create_meeting(*, user, body, held_on, starts_at=None, place: str = "") -> Meeting:
    """A new meeting of `body`, by its committee secretary."""
    _require_secretary(user, body)
    meeting = Meeting(
        body=body,
        held_on=held_on,
        starts_at=starts_at,
        place=(place or "").strip(),
        created_by=user,
    )
    meeting._history_user = user
    meeting.full_clean()
    meeting.save()
    return meeting


def is_waiting_at(dialogue, body) -> bool:
    """The dialogue waits at a decision point that `body` decides under its policy profile (and
    the point is not decided yet: after the final decision the dialogue waits to be closed)."""
    point = dialogue.decision_point
    return (
        point is not None
        and dialogue.approved_decision(point) is None
        and any(b.pk == body.pk for b in policy.deciding_bodies(dialogue))
    )


@transaction.atomic
def add_to_agenda(*, meeting_id: int, dialogue_id: int, user) -> AgendaItem:
    """Put the dialogue's waiting decision point on the meeting's agenda, numbered last. Only a
    point the meeting's body decides under the policy profile, once per meeting, before the
    minutes are recorded."""
    meeting = _locked_meeting(meeting_id, user)
    dialogue = (
        Dialogue.objects.select_for_update(of=("self",))
        .select_related("body", "policy_profile")
        .get(pk=dialogue_id)
    )
    from rules import has_perm

    if not has_perm("dialog.put_on_agenda", user, dialogue):
        from ..rules import denied_reason

        raise PermissionRefused(denied_reason("dialog.put_on_agenda", dialogue))
    if not is_waiting_at(dialogue, meeting.body):
        raise ValidationError(
            {
                "dialogue": _(
                    "“%(title)s” is not waiting for a decision of %(body)s: it is at “%(state)s”."
                )
                % {
                    "title": dialogue.title,
                    "body": meeting.body.name,
                    "state": dialogue.get_state_display(),
                }
            }
        )
    point = dialogue.decision_point
    if AgendaItem.objects.filter(meeting=meeting, dialogue=dialogue, point=point).exists():
        raise ValidationError(
            {"dialogue": _("This decision point is already on the meeting's agenda.")}
        )
    if minutes_recorded(meeting):
        raise ConditionsUnmet(_("The meeting's minutes are recorded: its agenda is closed."))
    last = AgendaItem.objects.filter(meeting=meeting).order_by("-number").first()
    return AgendaItem.objects.create(
        meeting=meeting, dialogue=dialogue, point=point, number=(last.number + 1 if last else 1)
    )


@transaction.atomic
def remove_from_agenda(*, item_id: int, user) -> None:
    item = AgendaItem.objects.select_related("meeting").get(pk=item_id)
    meeting = _locked_meeting(item.meeting_id, user)
    if decision_for(item) is not None:
        raise ConditionsUnmet(_("The point's outcome is recorded: it stays on the agenda."))
    AgendaItem.objects.filter(pk=item.pk, meeting=meeting).delete()


def decision_for(item):
    """The outcome recorded for an agenda item at its meeting, if any."""
    return (
        Decision.objects.filter(meeting_id=item.meeting_id, dialogue_id=item.dialogue_id)
        .filter(point=item.point)
        .first()
    )


def minutes_recorded(meeting) -> bool:
    return Decision.objects.filter(meeting=meeting).exists()


@transaction.atomic
def record_attendance(*, meeting_id: int, user, rows, vice_chair_presided: bool = False):
    """Who attended (`rows`: (person, present, serving_for) for each politician of the body):
    members present or absent, substitutes (ersättare) serving in an absent member's place.
    Decides who was the body at the meeting and whether the vice chair acted as chair."""
    meeting = _locked_meeting(meeting_id, user)
    roles = meeting_roles(meeting)
    errors = {}
    absent_members = {
        p.pk for p, present, _s in rows if not present and roles.get(p.pk) in MEMBER_ROLES
    }
    serving_for_seen = set()
    for person, present, serving_for in rows:
        role = roles.get(person.pk)
        if role is None:
            errors.setdefault("__all__", []).append(
                _("%(name)s is not a politician of %(body)s.")
                % {"name": person_label(person), "body": meeting.body.name}
            )
            continue
        if serving_for is None:
            continue
        field = f"serving_for_{person.pk}"
        if role != Membership.Role.DEPUTY:
            errors[field] = _("Only a substitute (ersättare) serves in a member's place.")
        elif not present:
            errors[field] = _("A substitute who is absent does not serve.")
        elif serving_for.pk not in absent_members:
            errors[field] = _("A substitute serves in the place of a member marked absent.")
        elif serving_for.pk in serving_for_seen:
            errors[field] = _("Another substitute already serves in this member's place.")
        serving_for_seen.add(serving_for.pk)
    if vice_chair_presided:
        vice = [p for p, present, _s in rows if roles.get(p.pk) == Membership.Role.VICE_CHAIR]
        if not any(present for p, present, _s in rows if p in vice):
            errors["vice_chair_presided"] = _(
                "The vice chair is not marked present, so cannot have acted as chair."
            )
    if errors:
        raise ValidationError(errors)
    Attendance.objects.filter(meeting=meeting).delete()
    for person, present, serving_for in rows:
        attendance = Attendance(
            meeting=meeting,
            person=person,
            present=present,
            serving_for=serving_for if present else None,
        )
        attendance._history_user = user
        attendance.save()
    meeting.vice_chair_presided = vice_chair_presided
    meeting._history_user = user
    meeting.save(update_fields=["vice_chair_presided"])
    return meeting


def record_minutes(*, meeting_id: int, user, outcomes) -> list[Decision]:
    """Record every open agenda point's outcome from the minutes, in one go: `outcomes` is a
    list of dicts (item: AgendaItem or pk, outcome, paragraph, text). An approved, rejected or
    returned point runs its transition (`run_transition(record=...)`, a meeting decision dated
    the meeting's day); a tabled one is recorded and keeps waiting. All or nothing: any refusal
    is raised as a ValidationError keyed by `<field>_<item pk>` and nothing is saved."""
    recorded = []
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id, user)
        if meeting.held_on > timezone.localdate():
            raise ValidationError(
                {"__all__": _("The meeting has not been held yet: its minutes cannot be recorded.")}
            )
        items = {i.pk: i for i in AgendaItem.objects.filter(meeting=meeting)}
        errors: dict[str, list] = {}
        seen: dict[str, int] = {}
        rows = []
        for row in outcomes:
            item = items.get(getattr(row["item"], "pk", row["item"]))
            if item is None:
                continue
            paragraph = clean_paragraph(row.get("paragraph"))
            key = f"_{item.pk}"
            if not paragraph:
                errors.setdefault("paragraph" + key, []).append(
                    _("A decision registered from the minutes needs its paragraph (§).")
                )
            elif paragraph in seen:
                errors.setdefault("paragraph" + key, []).append(
                    _("§ %(paragraph)s is given to another point of this meeting.")
                    % {"paragraph": paragraph}
                )
            seen.setdefault(paragraph, item.pk)
            rows.append((item, row.get("outcome"), paragraph, (row.get("text") or "").strip()))
        if errors:
            raise ValidationError(errors)
        for item, outcome, paragraph, text in rows:
            try:
                recorded.append(_record_outcome(meeting, item, user, outcome, paragraph, text))
            except ValidationError as exc:
                for field, messages in _by_field(exc).items():
                    target = {"decided_on": "outcome", "meeting": "outcome"}.get(field, field)
                    errors.setdefault(f"{target}_{item.pk}", []).extend(messages)
            except (PermissionRefused, ConditionsUnmet, Conflict) as exc:
                errors.setdefault(f"outcome_{item.pk}", []).extend(exc.reasons)
        if errors:
            # Nothing half-saved: the points recorded before the refusal are rolled back.
            transaction.set_rollback(True)
            raise ValidationError(errors)
    return recorded


def _by_field(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            ("outcome" if k == "__all__" else k): [str(m) for e in v for m in e]
            for k, v in exc.error_dict.items()
        }
    return {"outcome": [str(m) for m in exc.messages]}


def _record_outcome(meeting, item, user, outcome, paragraph, text) -> Decision:
    if outcome not in dict(Decision.Outcome.choices):
        raise ValidationError({"outcome": _("Choose the outcome from the minutes.")})
    if not text:
        raise ValidationError({"text": _("Give the decision text as in the minutes.")})
    if decision_for(item) is not None:
        raise ConditionsUnmet(_("This point's outcome is already recorded."))
    if outcome == Decision.Outcome.TABLED:
        return _table(meeting, item, user, paragraph, text)
    name = OUTCOME_TRANSITIONS[item.point][outcome]
    moved = decide_at_meeting(
        dialogue_id=item.dialogue_id,
        name=name,
        user=user,
        meeting=meeting,
        paragraph=paragraph,
        text=text,
        expected_state=_state_for(item.point),
    )
    return moved.decisions.get(meeting=meeting, point=item.point)


def _state_for(point: str) -> str:
    from ..models import State

    return {
        "mandate": State.MANDATE_DECISION,
        "launch": State.LAUNCH_DECISION,
        "final": State.DECISION,
    }[point]


def _table(meeting, item, user, paragraph, text) -> Decision:
    """Bordläggning: recorded at the meeting, no transition; the point keeps waiting and can go
    on a later meeting's agenda."""
    dialogue = Dialogue.objects.select_for_update(of=("self",)).get(pk=item.dialogue_id)
    if dialogue.decision_point != item.point:
        raise ConditionsUnmet(
            _("The dialogue is no longer at this decision point: it is at “%(state)s”.")
            % {"state": dialogue.get_state_display()}
        )
    decision = meeting_decision(
        dialogue=dialogue, user=user, meeting=meeting, paragraph=paragraph, text=text
    )
    decision.dialogue = dialogue
    decision.point = item.point
    decision.outcome = Decision.Outcome.TABLED
    decision.recorded_by = user
    decision._history_user = user
    dates.check_decision_date(dialogue, decision.decided_on)
    decision.full_clean(exclude=["dialogue", "recorded_by", "body", "meeting"])
    decision.save()
    return decision


@transaction.atomic
def record_adjustment(*, meeting_id: int, user, adjusted_on, posted_on=None) -> Meeting:
    """The justering date of the minutes and the day it was posted (anslag): the appeal
    period (laglighetsprövning, three weeks) runs from the anslag."""
    meeting = _locked_meeting(meeting_id, user)
    today = timezone.localdate()
    errors = {}
    for field, value in (("adjusted_on", adjusted_on), ("posted_on", posted_on)):
        if value and value > today:
            errors[field] = _("The date %(date)s is after today's date, %(today)s.") % {
                "date": value.isoformat(),
                "today": today.isoformat(),
            }
    if errors:
        raise ValidationError(errors)
    meeting.adjusted_on = adjusted_on
    meeting.posted_on = posted_on
    meeting.full_clean()
    meeting._history_user = user
    meeting.save(update_fields=["adjusted_on", "posted_on"])
    return meeting

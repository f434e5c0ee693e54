"""Everything that changes a dialogue goes through here.

`run_transition` is the one place that moves a dialogue between states: it checks the
transition's permission itself (django-fsm does not), lists what is missing, records the decision
and the timeline entry, and saves in one transaction. A concurrent change is refused as a
conflict, never overwritten.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from roles.models import Membership

from .models import (
    Assignment,
    CaseSequence,
    Decision,
    DecisionPoint,
    Dialogue,
    Mandate,
    TransitionLog,
)
from .rules import denied_reason, is_body_clerk


class ActionRefused(Exception):
    """An action that may not be taken now; `reasons` say why, in the user's language."""

    def __init__(self, reasons):
        self.reasons = [
            str(r) for r in (reasons if isinstance(reasons, list | tuple) else [reasons])
        ]
        super().__init__("; ".join(self.reasons))


class PermissionRefused(ActionRefused):
    pass


class ConditionsUnmet(ActionRefused):
    pass


class Conflict(ActionRefused):
    pass


@dataclass
class Action:
    """One transition from the current state as a given user sees it."""

    name: str
    label: str
    available: bool
    reasons: list[str] = field(default_factory=list)
    outcome: str | None = None
    comment_required: bool = False
    danger: bool = False

    @property
    def records_decision(self) -> bool:
        return self.outcome is not None


def _all_transitions():
    return Dialogue._meta.get_field("state").get_all_transitions(Dialogue)


# Forward actions first, in the order the model declares them; returning, rejecting and
# cancelling after.
_DECLARED = list(vars(Dialogue))


def _display_order(t) -> tuple:
    backwards = t.custom.get("outcome") in ("rejected", "returned")
    return (bool(t.custom.get("danger")), backwards, _DECLARED.index(t.name))


def _transitions_from_current_state(dialogue: Dialogue):
    current = dialogue.state
    found = [t for t in _all_transitions() if t.source in (current, "*")]
    return sorted(found, key=_display_order)


def transition_label(name: str) -> str:
    t = next((t for t in _all_transitions() if t.name == name), None)
    return str(t.custom.get("label", name)) if t else name


def _find_transition(dialogue: Dialogue, name: str):
    return next((t for t in _transitions_from_current_state(dialogue) if t.name == name), None)


def _missing(dialogue: Dialogue, transition) -> list[str]:
    missing: list[str] = []
    for condition in transition.conditions:
        if not condition(dialogue):
            missing.extend(
                getattr(condition, "missing", lambda d: [_("a condition is not met")])(dialogue)
            )
    return missing


def _refusal_for_permission(dialogue: Dialogue, transition, user) -> str | None:
    if transition.has_perm(dialogue, user):
        return None
    return denied_reason(transition.permission.permission_name, dialogue)


def available_actions(*, dialogue: Dialogue, user) -> list[Action]:
    """Every transition from where the dialogue stands, with why each one is unavailable."""
    actions = []
    for t in _transitions_from_current_state(dialogue):
        reasons = []
        refusal = _refusal_for_permission(dialogue, t, user)
        if refusal:
            reasons.append(refusal)
        reasons.extend(_missing(dialogue, t))
        actions.append(
            Action(
                name=t.name,
                label=str(t.custom.get("label", t.name)),
                available=not reasons,
                reasons=reasons,
                outcome=t.custom.get("outcome"),
                comment_required=bool(t.custom.get("comment_required")),
                danger=bool(t.custom.get("danger")),
            )
        )
    return actions


def action_for(*, dialogue: Dialogue, user, name: str) -> Action | None:
    return next(
        (a for a in available_actions(dialogue=dialogue, user=user) if a.name == name), None
    )


def _load_for_change(dialogue_id: int) -> Dialogue:
    return (
        Dialogue.objects.select_related("body", "mandate")
        .prefetch_related("assignments", "decisions")
        .get(pk=dialogue_id)
    )


def run_transition(
    *,
    dialogue_id: int,
    name: str,
    user,
    expected_state: str | None = None,
    comment: str = "",
    decided_on: date | None = None,
    paragraph: str = "",
) -> Dialogue:
    """Run transition `name` for `user`. For a decision point, `comment` is the decision text.

    Raises PermissionRefused, ConditionsUnmet or Conflict with reasons; ValidationError (by
    field) for a decision that cannot be recorded as given.
    """
    comment = (comment or "").strip()
    paragraph = (paragraph or "").strip().removeprefix("§").strip()
    try:
        with transaction.atomic():
            dialogue = _load_for_change(dialogue_id)
            if expected_state and dialogue.state != expected_state:
                raise Conflict(
                    _(
                        "Someone else has moved the dialogue on in the meantime: it is now at "
                        "“%(state)s”. Nothing was changed; check the page and try again."
                    )
                    % {"state": dialogue.get_state_display()}
                )
            transition = _find_transition(dialogue, name)
            if transition is None:
                raise ConditionsUnmet(
                    _("“%(action)s” is not possible while the dialogue is at “%(state)s”.")
                    % {"action": transition_label(name), "state": dialogue.get_state_display()}
                )
            refusal = _refusal_for_permission(dialogue, transition, user)
            if refusal:
                raise PermissionRefused(refusal)
            missing = _missing(dialogue, transition)
            if missing:
                raise ConditionsUnmet(missing)
            outcome = transition.custom.get("outcome")
            if transition.custom.get("comment_required") and not comment:
                raise ValidationError(
                    {"comment": _("Give a reason: it is shown on the timeline and in the case.")}
                )

            decision = None
            if outcome:
                decision = _build_decision(
                    dialogue=dialogue,
                    user=user,
                    outcome=outcome,
                    text=comment,
                    decided_on=decided_on,
                    paragraph=paragraph,
                )

            source = dialogue.state
            method = getattr(dialogue, name)
            if name == "cancel":
                method(reason=comment)
            else:
                method()
            dialogue._history_user = user
            # Saving first takes the row lock; a concurrent transition from the same state
            # then finds the state changed and raises ConcurrentTransition.
            dialogue.save()
            if decision is not None:
                decision.save()
            TransitionLog.objects.create(
                dialogue=dialogue,
                transition=name,
                source=source,
                target=dialogue.state,
                by=user,
                comment=comment,
                decision=decision,
            )
    except (ConcurrentTransition, IntegrityError) as exc:
        raise Conflict(
            _(
                "Someone else changed the dialogue at the same time and got there first. "
                "Nothing of yours was saved; check the page and try again."
            )
        ) from exc
    return dialogue


def _build_decision(*, dialogue, user, outcome, text, decided_on, paragraph) -> Decision:
    point = DecisionPoint.for_state(dialogue.state)
    source = Decision.Source.MINUTES if is_body_clerk(user, dialogue) else Decision.Source.APPROVAL
    decision = Decision(
        dialogue=dialogue,
        point=point,
        body=dialogue.body,
        decided_on=decided_on or timezone.localdate(),
        paragraph=paragraph,
        outcome=outcome,
        text=text,
        source=source,
        recorded_by=user,
    )
    decision._history_user = user
    decision.full_clean(exclude=["dialogue", "recorded_by", "body"])
    return decision


def _check(user, permission: str, dialogue: Dialogue | None) -> None:
    from rules import has_perm

    if not has_perm(permission, user, dialogue):
        raise PermissionRefused(denied_reason(permission, dialogue))


def _check_unchanged(dialogue: Dialogue, expected_updated_at) -> None:
    if expected_updated_at is not None and dialogue.updated_at != expected_updated_at:
        raise Conflict(
            _(
                "Someone else saved this dialogue while you were editing. Your text is still in "
                "the form: compare it with the page and save again."
            )
        )


@transaction.atomic
def create_dialogue(*, user, data: dict) -> Dialogue:
    """Start a dialogue at the initiative step; `data` holds the initiative form's fields."""
    _check(user, "dialog.add_dialogue", None)
    dialogue = Dialogue(initiated_by=user, **data)
    dialogue._history_user = user
    dialogue.full_clean()
    dialogue.save()
    mandate = Mandate(dialogue=dialogue)
    mandate._history_user = user
    mandate.save()
    return dialogue


def _save_changed(dialogue: Dialogue, user) -> None:
    dialogue._history_user = user
    try:
        dialogue.save()
    except ConcurrentTransition as exc:
        raise Conflict(
            _(
                "The dialogue moved on to another step while you were editing. Your text is still "
                "in the form; reload the page to see where it stands."
            )
        ) from exc


def update_initiative(*, dialogue_id: int, user, data: dict, expected_updated_at=None) -> Dialogue:
    with transaction.atomic():
        dialogue = _load_for_change(dialogue_id)
        _check(user, "dialog.edit_initiative", dialogue)
        _check_unchanged(dialogue, expected_updated_at)
        for name, value in data.items():
            setattr(dialogue, name, value)
        dialogue.full_clean()
        _save_changed(dialogue, user)
    return dialogue


def update_mandate(*, dialogue_id: int, user, data: dict, expected_updated_at=None) -> Mandate:
    with transaction.atomic():
        dialogue = _load_for_change(dialogue_id)
        _check(user, "dialog.edit_initiative", dialogue)
        mandate = Mandate.objects.filter(dialogue=dialogue).first() or Mandate(dialogue=dialogue)
        _check_unchanged_mandate(mandate, expected_updated_at)
        for name, value in data.items():
            setattr(mandate, name, value)
        mandate._history_user = user
        mandate.full_clean()
        mandate.save()
        # Touch the dialogue so its `updated_at` and history show that its content changed.
        _save_changed(dialogue, user)
    return mandate


def _check_unchanged_mandate(mandate: Mandate, expected_updated_at) -> None:
    if expected_updated_at is not None and mandate.updated_at != expected_updated_at:
        raise Conflict(
            _(
                "Someone else saved the mandate while you were editing. Your text is still in "
                "the form: compare it with the page and save again."
            )
        )


def set_responsibility(
    *,
    dialogue_id: int,
    user,
    responsible_official,
    politicians,
    experts,
    communicators,
) -> Dialogue:
    """Replace who carries the dialogue: one responsible official and the assigned people."""
    try:
        with transaction.atomic():
            dialogue = _load_for_change(dialogue_id)
            _check(user, "dialog.edit_responsibility", dialogue)
            _check_responsibility(dialogue, politicians, experts, communicators)
            wanted = (
                {(p.pk, Assignment.Role.POLITICIAN) for p in politicians}
                | {(p.pk, Assignment.Role.EXPERT) for p in experts}
                | {(p.pk, Assignment.Role.COMMUNICATOR) for p in communicators}
            )
            current = {(a.person_id, a.role): a for a in dialogue.assignments.all()}
            for key, assignment in current.items():
                if key not in wanted:
                    assignment._history_user = user
                    assignment.delete()
            for person_id, role in wanted - current.keys():
                assignment = Assignment(dialogue=dialogue, person_id=person_id, role=role)
                assignment._history_user = user
                assignment.save()
            dialogue.responsible_official = responsible_official
            dialogue.full_clean()
            _save_changed(dialogue, user)
    except IntegrityError as exc:
        raise Conflict(
            _(
                "Someone else changed who is responsible at the same time. Nothing of yours was "
                "saved; check the page and try again."
            )
        ) from exc
    return dialogue


def _check_responsibility(dialogue: Dialogue, politicians, experts, communicators) -> None:
    """Participating politicians sit in the dialogue's body; experts and communicators are
    officials. The form offers only those, but the service is the rule."""
    active = Membership.objects.active()
    body_politicians = set(
        active.politicians().filter(body=dialogue.body).values_list("person_id", flat=True)
    )
    officials = set(active.officials().values_list("person_id", flat=True))
    errors = {}
    if any(p.pk not in body_politicians for p in politicians):
        errors["politicians"] = _("Participating politicians must be politicians of %(body)s.") % {
            "body": dialogue.body.name
        }
    for key, people in (("experts", experts), ("communicators", communicators)):
        if any(p.pk not in officials for p in people):
            errors[key] = _("Only officials can be assigned here.")
    if errors:
        raise ValidationError(errors)


def register_case(*, dialogue_id: int, user) -> Dialogue:
    """Give the dialogue its case number, `<BODY> <YEAR>/<SEQ>`: gapless per body and year.

    The number is taken in the same transaction that stores it, under a row lock on the body's
    sequence for the year, so numbers are never skipped, given twice or reused.
    """
    with transaction.atomic():
        dialogue = (
            Dialogue.objects.select_for_update(of=("self",))
            .select_related("body")
            .get(pk=dialogue_id)
        )
        if dialogue.is_registered:
            raise Conflict(
                _("The case is already registered as %(number)s.")
                % {"number": dialogue.case_number}
            )
        _check(user, "dialog.register_case", dialogue)
        year = timezone.localdate().year
        sequence = _next_case_sequence(dialogue.body, year)
        dialogue.case_year = year
        dialogue.case_sequence = sequence
        dialogue.case_number = f"{dialogue.body.code} {year}/{sequence}"
        dialogue.registered_at = timezone.now()
        dialogue.registered_by = user
        dialogue._history_user = user
        dialogue.save()
    return dialogue


def _next_case_sequence(body, year: int) -> int:
    CaseSequence.objects.get_or_create(body=body, year=year)
    sequence = CaseSequence.objects.select_for_update().get(body=body, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last

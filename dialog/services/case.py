"""The case core: the transitions (`run_transition`, `available_actions`), creating and
registering a dialogue, who is responsible, the steering documents its decision changes, and
`access_dialogue`, the one way a change loads the dialogue (row locked) and authorises it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused  # noqa: F401
from core.people import person_label
from governance.models import SteeringDocument
from governance.selectors import profile_in_force
from roles.models import Membership

from .. import dates, policy
from ..models import (
    DECISION_POINT_STATES,
    Assignment,
    Decision,
    DecisionPoint,
    Dialogue,
    Mandate,
    TransitionLog,
)
from ..rules import denied_reason


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
    # Why the user may not run it at all (the permission's reason), if so.
    refused: str | None = None

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


def _label_for(dialogue: Dialogue, user, t) -> str:
    # Where no formal mandate decision is needed, the official notes a stance [SOL].
    if t.custom.get("outcome") == "approved" and policy.records_information(dialogue, user):
        if policy.information_kind(dialogue) == Decision.Kind.PRESENTATION:
            return _("Note the presentation to the presidium")
        return _("Note the politicians' stance")
    return str(t.custom.get("label", t.name))


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
                label=_label_for(dialogue, user, t),
                available=not reasons,
                reasons=reasons,
                outcome=t.custom.get("outcome"),
                comment_required=bool(t.custom.get("comment_required")),
                danger=bool(t.custom.get("danger")),
                refused=refusal,
            )
        )
    return actions


def action_for(*, dialogue: Dialogue, user, name: str) -> Action | None:
    return next(
        (a for a in available_actions(dialogue=dialogue, user=user) if a.name == name), None
    )


def _load_for_change(dialogue_id: int) -> Dialogue:
    """The dialogue, its row locked until the transaction ends: every change loads it here
    before checking state, version or permission, so two changes never both pass the checks.

    Only the dialogue's own row is locked (`of`: the outer joins cannot be locked). What is
    read after the lock is current; a row joined into the locking query would be read as it
    was before the wait, so the mandate is fetched with the prefetches, after the lock."""
    return (
        Dialogue.objects.select_for_update(of=("self",))
        .select_related("body", "policy_profile")
        .prefetch_related(
            "mandate", "assignments", "decisions", "initiative_answers", "target_groups"
        )
        .get(pk=dialogue_id)
    )


def access_dialogue(dialogue_id: int, user, permission: str) -> Dialogue:
    """The dialogue for a change by `user`, in one call: its row locked first (see
    `_load_for_change`), then `permission` checked on what is now current. Raises
    PermissionRefused. Call it inside the change's transaction."""
    dialogue = _load_for_change(dialogue_id)
    _check(user, permission, dialogue)
    return dialogue


def run_transition(
    *,
    dialogue_id: int,
    name: str,
    user,
    expected_state: str | None = None,
    comment: str = "",
    record=None,
) -> Dialogue:
    """Run transition `name` for `user`. For a decision point, `comment` is the decision text.

    A transition out of a decision point records a decision: `record` is a callable taking the
    locked dialogue and returning an UNSAVED Decision of one of the decision forms (kind, body,
    decided_on, outcome, text and the kind's own fields; each form's service checks its own
    permission in it). It is called after the lock, the permission check and the conditions;
    the decision is validated here, saved and linked to the timeline entry.

    Raises PermissionRefused, ConditionsUnmet or Conflict with reasons; ValidationError (by
    field) for a decision that cannot be recorded as given.
    """
    comment = (comment or "").strip()
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
                decision = _recorded_decision(
                    dialogue=dialogue, user=user, outcome=outcome, text=comment, record=record
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
            if dialogue.state in DECISION_POINT_STATES and source != dialogue.state:
                # Submitted to a decision point: its tjänsteskrivelse is frozen and dated.
                from .case_memo import freeze_for_submission

                freeze_for_submission(
                    dialogue=dialogue, point=DecisionPoint.for_state(dialogue.state), user=user
                )
    except (ConcurrentTransition, IntegrityError) as exc:
        raise Conflict(
            _(
                "Someone else changed the dialogue at the same time and got there first. "
                "Nothing of yours was saved; check the page and try again."
            )
        ) from exc
    return dialogue


def _recorded_decision(*, dialogue, user, outcome, text, record) -> Decision:
    """The decision `record` builds for the current point, checked: the transition's outcome,
    the process's dates (issue 9), the decision form's own rules."""
    if record is None:
        raise ConditionsUnmet(
            _(
                "A decision is recorded in one of its forms: from the minutes of the body's "
                "meeting, by delegation, or as an urgent decision by the chair."
            )
        )
    decision = record(dialogue)
    decision.dialogue = dialogue
    decision.point = DecisionPoint.for_state(dialogue.state)
    decision.outcome = outcome
    if not decision.text:
        decision.text = text
    decision.recorded_by = user
    decision._history_user = user
    if decision.decided_on is None:
        decision.decided_on = timezone.localdate()
    # Dates follow the process: not before the earlier decision or the submission (issue 9).
    dates.check_decision_date(dialogue, decision.decided_on)
    decision.full_clean(exclude=["dialogue", "recorded_by", "body", "meeting"])
    return decision


def _check(user, permission: str, dialogue: Dialogue | None) -> None:
    from rules import has_perm

    if not has_perm(permission, user, dialogue):
        raise PermissionRefused(denied_reason(permission, dialogue))


def _check_version(record, expected_updated_at) -> None:
    """Refuse a save made on an older version of `record` (its `updated_at` when the form was
    opened), saying who saved it in between and when, as its history records."""
    if expected_updated_at is None or not record.pk or record.updated_at == expected_updated_at:
        return
    latest = record.history.select_related("history_user").first()
    who = latest.history_user if latest is not None else None
    name = person_label(who, nobody=_("Someone else"))
    saved = timezone.localtime(record.updated_at)
    values = {"name": name, "time": saved.strftime("%H:%M"), "date": saved.strftime("%Y-%m-%d")}
    if saved.date() == timezone.localdate():
        said = _("%(name)s saved changes at %(time)s while you were editing.") % values
    else:
        said = _("%(name)s saved changes on %(date)s at %(time)s while you were editing.") % values
    raise Conflict(" ".join([said, str(_("Your text is still below: compare it and save again."))]))


def _check_unchanged(dialogue: Dialogue, expected_updated_at) -> None:
    _check_version(dialogue, expected_updated_at)


@transaction.atomic
def create_dialogue(*, user, data: dict) -> Dialogue:
    """Start a dialogue at the initiative step; `data` holds the initiative form's fields."""
    _check(user, "dialog.add_dialogue", None)
    dialogue = Dialogue(initiated_by=user, **data)
    # The rules it runs under: the profile in force today, kept for the dialogue's whole life.
    dialogue.policy_profile = profile_in_force()
    dialogue._history_user = user
    dialogue.full_clean()
    dialogue.save()
    if dialogue.policy_profile and dialogue.policy_profile.policy_document_id:
        dialogue.governing_documents.add(dialogue.policy_profile.policy_document_id)
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
            dialogue = access_dialogue(dialogue_id, user, "dialog.edit_responsibility")
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


# -- Steering documents the decision changes (issue 4) -----------------------------------------


def set_changed_documents(*, dialogue_id: int, user, documents) -> Dialogue:
    """Link the steering documents the dialogue's decision changes (replacing the earlier set)."""
    with transaction.atomic():
        dialogue = Dialogue.objects.select_for_update(of=("self",)).get(pk=dialogue_id)
        _check(user, "dialog.link_documents", dialogue)
        documents = list(documents)
        drafts = [d.title for d in documents if d.status == SteeringDocument.Status.DRAFT]
        if drafts:
            raise ValidationError(
                {
                    "documents": _("A draft is not in force and cannot be changed: %(titles)s.")
                    % {"titles": ", ".join(drafts)}
                }
            )
        dialogue._history_user = user  # the m2m history rows name who linked the documents
        dialogue.changed_documents.set(documents)
        _save_changed(dialogue, user)
    return dialogue

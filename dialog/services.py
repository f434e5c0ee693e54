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
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition
from simple_history.utils import bulk_create_with_history

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused  # noqa: F401
from governance.models import SteeringDocument
from governance.selectors import profile_in_force
from roles.models import Membership

from . import dates, importers, policy
from .models import (
    ActionItem,
    Activity,
    Assignment,
    CaseSequence,
    CommunicationItem,
    CompilationSummary,
    Decision,
    DecisionPoint,
    Dialogue,
    Evaluation,
    Forwarding,
    ImportBatch,
    InitiativeAnswer,
    InputItem,
    Mandate,
    PlannedDecisionPoint,
    Proposal,
    ProposalPoint,
    ResidentFeedback,
    ResultsPresentation,
    TargetGroup,
    Theme,
    TransitionLog,
)
from .rules import denied_reason
from .steps.decision_followup import evaluation_missing, publish_missing, still_complete_errors


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


def _label_for(dialogue: Dialogue, user, t) -> str:
    # Where no formal mandate decision is needed, the official notes a stance [SOL].
    if t.custom.get("outcome") == "approved" and policy.records_stance(dialogue, user):
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


def run_transition(
    *,
    dialogue_id: int,
    name: str,
    user,
    expected_state: str | None = None,
    comment: str = "",
    decided_on: date | None = None,
    paragraph: str = "",
    body=None,
) -> Dialogue:
    """Run transition `name` for `user`. For a decision point, `comment` is the decision text.

    `body` is the body the decision is recorded for, when the user may decide for several (the
    policy profile says which bodies decide); by default the dialogue's own body or the only fit.

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
                    body=body,
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


def _build_decision(*, dialogue, user, outcome, text, decided_on, paragraph, body=None) -> Decision:
    point = DecisionPoint.for_state(dialogue.state)
    body = policy.decision_body(dialogue, user, body)
    source = policy.decision_source(dialogue, user, body)
    decision = Decision(
        dialogue=dialogue,
        point=point,
        body=body,
        decided_on=decided_on or timezone.localdate(),
        paragraph=paragraph,
        outcome=outcome,
        text=text,
        source=source,
        recorded_by=user,
    )
    decision._history_user = user
    # Dates follow the process: not before the earlier decision or the submission (issue 9).
    dates.check_decision_date(dialogue, decision.decided_on)
    decision.full_clean(exclude=["dialogue", "recorded_by", "body"])
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
    name = (who.get_full_name() or who.get_username()) if who is not None else _("Someone else")
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


def update_initiative(*, dialogue_id: int, user, data: dict, expected_updated_at=None) -> Dialogue:
    with transaction.atomic():
        dialogue = _load_for_change(dialogue_id)
        _check(user, "dialog.edit_initiative", dialogue)
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
        dialogue = _load_for_change(dialogue_id)
        _check(user, "dialog.edit_initiative", dialogue)
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


# -- Step content: planning and execution --------------------------------------------------
# Each list item of a step (an activity, a line of the communication plan, a planned decision
# point, an input) is saved or removed here, under the step's permission, with the dialogue's
# row locked so that a transition running at the same time cannot slip in between.


def _load_for_content(dialogue_id: int, user, permission: str) -> Dialogue:
    dialogue = _load_for_change(dialogue_id)
    _check(user, permission, dialogue)
    return dialogue


def _gone() -> Conflict:
    return Conflict(
        _("Someone else has removed it in the meantime. Nothing was changed; reload the page.")
    )


def _save_item(
    *, model, dialogue, user, data: dict, item_id=None, expected_updated_at=None, **fixed
):
    """Add (no `item_id`) or change an item; `expected_updated_at` is the version the form
    was opened on: a save in between is refused as a conflict, never overwritten."""
    if item_id is None:
        item = model(dialogue=dialogue, **fixed)
    else:
        item = model.objects.filter(dialogue=dialogue, pk=item_id).first()
        if item is None:
            raise _gone()
        _check_version(item, expected_updated_at)
    for name, value in data.items():
        setattr(item, name, value)
    item._history_user = user
    item.full_clean()
    item.save()
    return item


def _delete_item(*, model, dialogue, user, item_id) -> None:
    item = model.objects.filter(dialogue=dialogue, pk=item_id).first()
    if item is None:
        raise _gone()
    item._history_user = user
    try:
        with transaction.atomic():
            item.delete()
    except ProtectedError as exc:
        names = sorted({str(o._meta.verbose_name) for o in exc.protected_objects})
        raise ConditionsUnmet(
            _("It cannot be removed: other records refer to it (%(what)s).")
            % {"what": ", ".join(names)}
        ) from exc


def _check_activity_people(data: dict, politicians, activity_id=None) -> None:
    active = Membership.objects.active()
    errors = {}
    responsible = data.get("responsible")
    if responsible is not None and not active.officials().filter(person=responsible).exists():
        errors["responsible"] = _("The responsible person must be an official.")
    politician_ids = set(active.politicians().values_list("person_id", flat=True))
    if any(p.pk not in politician_ids for p in politicians):
        errors["politicians"] = _("Only politicians can be chosen as participating politicians.")
    method = data.get("method")
    if method is not None and not method.is_active:
        current = (
            Activity.objects.filter(pk=activity_id).values_list("method_id", flat=True).first()
        )
        if current != method.pk:
            errors["method"] = _("The method is no longer in the catalogue; choose another.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_activity(
    *, dialogue_id: int, user, data: dict, politicians=(), item_id=None, expected_updated_at=None
):
    """Add (no `item_id`) or change an activity; `politicians` replaces who takes part.

    A method that does not suit the participation level is allowed: the page warns
    (`Activity.method_warning`), the service does not refuse.
    """
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_activities")
    _check_activity_people(data, politicians, item_id)
    activity = _save_item(
        model=Activity,
        dialogue=dialogue,
        user=user,
        data=data,
        item_id=item_id,
        expected_updated_at=expected_updated_at,
    )
    activity.politicians.set(politicians)
    return activity


@transaction.atomic
def delete_activity(*, dialogue_id: int, user, item_id: int) -> None:
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_activities")
    _delete_item(model=Activity, dialogue=dialogue, user=user, item_id=item_id)


@transaction.atomic
def save_communication_item(
    *, dialogue_id: int, user, data: dict, item_id=None, expected_updated_at=None
):
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_planning")
    return _save_item(
        model=CommunicationItem,
        dialogue=dialogue,
        user=user,
        data=data,
        item_id=item_id,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def delete_communication_item(*, dialogue_id: int, user, item_id: int) -> None:
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_planning")
    _delete_item(model=CommunicationItem, dialogue=dialogue, user=user, item_id=item_id)


@transaction.atomic
def save_planned_decision_point(
    *, dialogue_id: int, user, data: dict, item_id=None, expected_updated_at=None
):
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_planning")
    point = data.get("point")
    if (
        point
        and PlannedDecisionPoint.objects.filter(dialogue=dialogue, point=point)
        .exclude(pk=item_id)
        .exists()
    ):
        raise ValidationError(
            {"point": _("This decision point is already planned; change its date instead.")}
        )
    return _save_item(
        model=PlannedDecisionPoint,
        dialogue=dialogue,
        user=user,
        data=data,
        item_id=item_id,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def delete_planned_decision_point(*, dialogue_id: int, user, item_id: int) -> None:
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_planning")
    _delete_item(model=PlannedDecisionPoint, dialogue=dialogue, user=user, item_id=item_id)


@transaction.atomic
def save_input(
    *, dialogue_id: int, user, data: dict, item_id=None, expected_updated_at=None
) -> InputItem:
    """Register (no `item_id`) or correct one input of the dialogue."""
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_execution")
    if item_id is None:
        return _save_item(model=InputItem, dialogue=dialogue, user=user, data=data, created_by=user)
    return _save_item(
        model=InputItem,
        dialogue=dialogue,
        user=user,
        data=data,
        item_id=item_id,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def delete_input(*, dialogue_id: int, user, item_id: int) -> None:
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_execution")
    _delete_item(model=InputItem, dialogue=dialogue, user=user, item_id=item_id)


def preview_import(*, dialogue_id: int, user, raw_rows) -> "importers.CleanedRows":
    """What an import would register, and each bad row: reads only, saves nothing."""
    dialogue = Dialogue.objects.prefetch_related("assignments").get(pk=dialogue_id)
    _check(user, "dialog.edit_execution", dialogue)
    return importers.clean_rows(raw_rows)


@transaction.atomic
def import_inputs(*, dialogue_id: int, user, file_name: str, raw_rows) -> ImportBatch:
    """Register every row of a survey file, or none: one bad row refuses the whole import
    (ValidationError listing each bad row) and nothing is saved."""
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_execution")
    cleaned = importers.clean_rows(raw_rows)
    if cleaned.errors:
        raise ValidationError(cleaned.errors)
    if not cleaned.rows:
        raise ValidationError(_("The file has no rows below the column names."))
    batch = ImportBatch(
        dialogue=dialogue, file_name=file_name[:255], imported_by=user, row_count=len(cleaned.rows)
    )
    batch._history_user = user
    batch.save()
    items = []
    for values in cleaned.rows:
        item = InputItem(dialogue=dialogue, import_batch=batch, created_by=user, **values)
        item.full_clean(exclude=["dialogue", "import_batch", "created_by"])
        items.append(item)
    bulk_create_with_history(items, InputItem, default_user=user)
    return batch


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


# -- Steps 6-9: compilation, feedback, processing and the follow-up of the decision ----------
# The step's permission is checked with the dialogue's row locked, as for planning and
# execution; what the next transition needs is listed by dialog.steps.<step>.missing.


def _update_record(
    *, model, permission: str, dialogue_id: int, user, data: dict, expected_updated_at=None
):
    """Create or change the dialogue's one record of `model` (a summary, a presentation, ...).

    `expected_updated_at` is the version the form was opened on: a save in between is refused
    as a conflict, never overwritten."""
    try:
        with transaction.atomic():
            dialogue = _load_for_content(dialogue_id, user, permission)
            record = model.objects.filter(dialogue=dialogue).first() or model(dialogue=dialogue)
            _check_version(record, expected_updated_at)
            for name, value in data.items():
                setattr(record, name, value)
            record._history_user = user
            record.full_clean()
            _check_still_complete(record)
            record.save()
    except IntegrityError as exc:
        raise Conflict(
            _(
                "Someone else saved this at the same time and got there first. Nothing of yours "
                "was saved; reload the page and try again."
            )
        ) from exc
    return record


def _check_still_complete(record) -> None:
    """Published feedback and a finished evaluation may be corrected, not emptied."""
    errors = still_complete_errors(record)
    if errors:
        raise ValidationError(errors)


# Step 6: the compilation.


@transaction.atomic
def save_theme(
    *, dialogue_id: int, user, data: dict, item_id=None, expected_updated_at=None
) -> Theme:
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_compilation")
    return _save_item(
        model=Theme,
        dialogue=dialogue,
        user=user,
        data=data,
        item_id=item_id,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def delete_theme(*, dialogue_id: int, user, item_id: int) -> None:
    """Remove a theme; the inputs tagged to it lose that tag (and may need another)."""
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_compilation")
    _delete_item(model=Theme, dialogue=dialogue, user=user, item_id=item_id)


@transaction.atomic
def tag_inputs(*, dialogue_id: int, user, tags: dict) -> int:
    """Set the themes of each input in `tags` ({input id: theme ids}); returns how many inputs
    changed. Only inputs within the purpose are tagged; off-topic input is forwarded."""
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_compilation")
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


# Step 7: the results presented to the politicians; off-topic input routed.


def update_presentation(
    *, dialogue_id: int, user, data: dict, expected_updated_at=None
) -> ResultsPresentation:
    presented_on = data.get("presented_on")
    if presented_on and presented_on > timezone.localdate():
        raise ValidationError(
            {"presented_on": _("Record the presentation once it has taken place.")}
        )
    return _update_record(
        model=ResultsPresentation,
        permission="dialog.edit_feedback",
        dialogue_id=dialogue_id,
        user=user,
        data=data,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def forward_input(*, dialogue_id: int, user, input_id: int, data: dict) -> Forwarding:
    """Record that an off-topic input was forwarded (to a body or the complaints handling) or
    handled otherwise, as the mandate said [SAN][HAG]."""
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_feedback")
    item = InputItem.objects.filter(dialogue=dialogue, pk=input_id).first()
    if item is None:
        raise _gone()
    if item.within_purpose:
        raise ValidationError(
            _("Only off-topic input is forwarded; this input is within the dialogue's purpose.")
        )
    forwarding = Forwarding(input_item=item, by=user, **data)
    if forwarding.forwarded_to != Forwarding.Target.BODY:
        forwarding.body = None
    if forwarding.forwarded_on and forwarding.forwarded_on > timezone.localdate():
        raise ValidationError({"forwarded_on": _("The date cannot be in the future.")})
    forwarding._history_user = user
    forwarding.full_clean(exclude=["input_item", "by"])
    forwarding.save()
    return forwarding


@transaction.atomic
def delete_forwarding(*, dialogue_id: int, user, item_id: int) -> None:
    """Undo a forwarding recorded by mistake."""
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_feedback")
    forwarding = Forwarding.objects.filter(input_item__dialogue=dialogue, pk=item_id).first()
    if forwarding is None:
        raise _gone()
    forwarding._history_user = user
    forwarding.delete()


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
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_processing")
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
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_processing")
    points = _ordered_points(_proposal_of(dialogue, user))
    point = next((p for p in points if p.pk == item_id), None)
    if point is None:
        raise _gone()
    _move(points, point, position, user)


@transaction.atomic
def delete_proposal_point(*, dialogue_id: int, user, item_id: int) -> None:
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_processing")
    points = _ordered_points(_proposal_of(dialogue, user))
    point = next((p for p in points if p.pk == item_id), None)
    if point is None:
        raise _gone()
    point._history_user = user
    point.delete()
    points.remove(point)
    _renumber(points, user)


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
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_decision_followup")
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
def delete_action_item(*, dialogue_id: int, user, item_id: int) -> None:
    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_decision_followup")
    _delete_item(model=ActionItem, dialogue=dialogue, user=user, item_id=item_id)


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

    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_decision_followup")
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

    dialogue = _load_for_content(dialogue_id, user, "dialog.edit_decision_followup")
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

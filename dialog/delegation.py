"""Decisions taken on a body's behalf: by delegation (kommunallagen 6 kap 37-40 §§) and by the
chair in an urgent matter (ordförandebeslut, 6 kap 39 §); and a user dialogue's decisions,
taken within the administration that owns it. Read by `dialog.rules`.

Each predicate has a twin that says why not (`delegation_refusal`, `urgency_refusal`), in the
words the page and the 403 show. What the law reserves is in `governance.models.delegation`;
what the profile narrows in `PolicyProfile.delegable_points` / `delegation_to_officials`.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import DelegationOrder, DelegationPoint
from governance.models.delegation import (
    council_reason,
    is_under_council,
    point_reserved_reason,
)
from governance.models.policy_profile import default_delegable_points
from roles.models import Body, ChairAbsence, Membership
from roles.selectors import body_roles

from . import policy
from .models import DecisionPoint

Role = Membership.Role
# Who of a collective delegate (a presidium, an utskott) records its decision in Delaktig: its
# ordinary members (never a substitute by the role alone) and its secretary.
_COLLECTIVE_ROLES = {Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.SECRETARY}


# -- What stands at the current point ---------------------------------------------------------


def deciding_bodies(dialogue) -> list[Body]:
    """The bodies on whose behalf the current point is decided, as the profile says (a user
    dialogue owned by an administration: the administration; dialog.policy)."""
    return policy.deciding_bodies(dialogue)


def _no_formal_decision(dialogue) -> bool:
    """The profile takes no decision at this point: a stance [SOL] or a presentation [SOL]."""
    point = dialogue.decision_point
    return (
        point == policy.MANDATE
        and policy.mandate_mode(dialogue) == policy.MandateDecider.STANCE_ONLY
    ) or (point == policy.LAUNCH and policy.launch_mode(dialogue) == policy.LaunchDecider.PRESIDIUM)


def _order_of(body, dialogue=None):
    """The body's delegation order with its points, once per dialogue instance (a request)."""
    cache = getattr(dialogue, "_delegation_orders", None) if dialogue is not None else None
    if cache is None:
        cache = {}
        if dialogue is not None:
            dialogue._delegation_orders = cache
    if body.pk not in cache:
        cache[body.pk] = (
            DelegationOrder.objects.filter(body=body)
            .select_related("body", "document")
            .prefetch_related("points__delegate_body")
            .first()
        )
    return cache[body.pk]


def _holds(user, body_id, roles) -> bool:
    return bool(body_roles(user).get(body_id, frozenset()) & set(roles))


def is_head_of(user, body) -> bool:
    return body is not None and _holds(user, body.pk, [Role.HEAD_OF_ADMINISTRATION])


def is_delegate(user, point: DelegationPoint, body) -> bool:
    """`user` is who `point` of `body`'s order names."""
    D = DelegationPoint.Delegate
    if point.delegate == D.CHAIR:
        return _holds(user, body.pk, [Role.CHAIR])
    if point.delegate in (D.PRESIDIUM, D.SUBCOMMITTEE):
        return point.delegate_body_id is not None and _holds(
            user, point.delegate_body_id, _COLLECTIVE_ROLES
        )
    if point.delegate == D.ROLE:
        return point.delegate_body_id is not None and _holds(
            user, point.delegate_body_id, [point.delegate_role]
        )
    return False


def _profile_points(dialogue) -> list[str]:
    profile = dialogue.policy_profile
    return list(profile.delegable_points) if profile else default_delegable_points()


def _officials_allowed(dialogue) -> bool:
    profile = dialogue.policy_profile
    return profile.delegation_to_officials if profile else True


def _point_label(point: str) -> str:
    return str(DecisionPoint(point).label).lower()


# -- Delegation -------------------------------------------------------------------------------


def delegation_for(user, dialogue):
    """(body, delegation point or None) under which `user` decides the current point by
    delegation, or None. The point is None for a user dialogue's head of administration, who
    decides within the administration without a delegation."""
    found, _reason = _delegation(user, dialogue)
    return found


def delegation_refusal(user, dialogue) -> str:
    """Why `user` cannot decide the current point by delegation ("" when they can)."""
    found, reason = _delegation(user, dialogue)
    return "" if found else reason


def _delegation(user, dialogue):
    if dialogue is None or not getattr(user, "is_authenticated", False):
        return None, _("Log in to decide.")
    point = dialogue.decision_point
    if point is None:
        return None, _("The dialogue is not at a decision point.")
    if dialogue.is_decided_within_administration:
        return _within_administration(user, dialogue, point)
    if _no_formal_decision(dialogue):
        return None, _(
            "No formal decision is taken at this point under the dialogue policy: there is "
            "nothing to decide by delegation."
        )
    if reserved := point_reserved_reason(point):
        return None, reserved
    if point not in _profile_points(dialogue):
        return None, _(
            "Under the dialogue policy (%(profile)s), the %(point)s is not decided by delegation."
        ) % {"profile": dialogue.policy_profile.display_label, "point": _point_label(point)}
    reasons = []
    for body in deciding_bodies(dialogue):
        if is_under_council(body):
            reasons.append(council_reason())
            continue
        order = _order_of(body, dialogue)
        delegated = order.point_for(point) if order is not None else None
        if delegated is None:
            reasons.append(
                _(
                    "The delegation order of %(body)s does not delegate the %(point)s: it is "
                    "decided at the body's meeting."
                )
                % {"body": body.name, "point": _point_label(point)}
            )
            continue
        if delegated.is_to_officials and not _officials_allowed(dialogue):
            reasons.append(
                _(
                    "Under the dialogue policy (%(profile)s) the politicians decide: point "
                    "%(reference)s delegates to an official and cannot be used."
                )
                % {
                    "profile": dialogue.policy_profile.display_label,
                    "reference": delegated.reference,
                }
            )
            continue
        if is_delegate(user, delegated, body):
            return (body, delegated), ""
        reasons.append(
            _(
                "Point %(reference)s of the delegation order of %(body)s delegates the "
                "%(point)s to %(delegate)s; you are not that delegate."
            )
            % {
                "reference": delegated.reference,
                "body": body.name,
                "point": _point_label(point),
                "delegate": delegated.delegate_display,
            }
        )
    return None, " ".join(dict.fromkeys(str(r) for r in reasons)) or _(
        "No delegation order applies to this point."
    )


def _within_administration(user, dialogue, point):
    """A user dialogue owned by an administration: its head decides, or the role the
    administration's own order names for the point (kommunallagen 7 kap 6 §)."""
    body = dialogue.body
    if is_head_of(user, body):
        return (body, None), ""
    order = _order_of(body, dialogue)
    delegated = order.point_for(point) if order is not None else None
    if delegated is not None and is_delegate(user, delegated, body):
        return (body, delegated), ""
    return None, _(
        "A user dialogue owned by %(body)s is decided within the administration or municipal "
        "company: by its head of administration, or the delegate its order names."
    ) % {"body": body.name}


def administration_quote(dialogue) -> str:
    """What a user dialogue's decision within the administration quotes in place of a point."""
    return _(
        "User dialogue: decided within %(body)s by its head of administration (issue of the "
        "administration or municipal company, not a political decision point)."
    ) % {"body": dialogue.body.name}


@rules.predicate
def may_decide_by_delegation(user, dialogue) -> bool:
    return delegation_for(user, dialogue) is not None


# -- Urgent decisions by the chair (ordförandebeslut) -----------------------------------------


def urgent_body(user, dialogue):
    found, _reason = _urgency(user, dialogue)
    return found


def urgency_refusal(user, dialogue) -> str:
    found, reason = _urgency(user, dialogue)
    return "" if found else reason


def _urgency(user, dialogue):
    if dialogue is None or not getattr(user, "is_authenticated", False):
        return None, _("Log in to decide.")
    if dialogue.decision_point is None:
        return None, _("The dialogue is not at a decision point.")
    if dialogue.is_decided_within_administration:
        return None, _(
            "A user dialogue owned by an administration or municipal company has no chair: "
            "its head of administration decides."
        )
    if _no_formal_decision(dialogue):
        return None, _(
            "No formal decision is taken at this point under the dialogue policy: there is "
            "nothing to decide urgently."
        )
    reasons = []
    today = timezone.localdate()
    for body in deciding_bodies(dialogue):
        if is_under_council(body):
            reasons.append(
                _(
                    "The municipal council's chair cannot decide on its behalf: urgent "
                    "decisions by the chair (kommunallagen 6 kap 39 §) are a committee's."
                )
            )
            continue
        order = _order_of(body, dialogue)
        if order is None or not order.chair_decides_urgent_matters:
            reasons.append(
                _(
                    "%(body)s has not given its chair the right to decide urgent matters "
                    "(kommunallagen 6 kap 39 §) in its delegation order."
                )
                % {"body": body.name}
            )
            continue
        if _holds(user, body.pk, [Role.CHAIR]):
            return body, ""
        if _holds(user, body.pk, [Role.VICE_CHAIR]):
            if ChairAbsence.chair_absent(body, today):
                return body, ""
            reasons.append(
                _(
                    "The vice chair of %(body)s decides urgent matters only while the chair is "
                    "marked absent; the chair is not."
                )
                % {"body": body.name}
            )
            continue
        reasons.append(
            _(
                "Only the chair of %(body)s (or the vice chair while the chair is marked "
                "absent) can take an urgent decision."
            )
            % {"body": body.name}
        )
    return None, " ".join(dict.fromkeys(str(r) for r in reasons)) or _(
        "No body decides at this point."
    )


@rules.predicate
def may_decide_urgently(user, dialogue) -> bool:
    return urgent_body(user, dialogue) is not None


# -- Cancelling (issue 12, item 3) ------------------------------------------------------------


@rules.predicate
def is_officials_head(user, dialogue) -> bool:
    """The head of administration (förvaltningschef) of an administration where the responsible
    official works."""
    if dialogue is None or not getattr(user, "is_authenticated", False):
        return False
    official_bodies = set(
        Membership.objects.active()
        .officials()
        .filter(person_id=dialogue.responsible_official_id)
        .values_list("body_id", flat=True)
    )
    return any(
        body_id in official_bodies and Role.HEAD_OF_ADMINISTRATION in held
        for body_id, held in body_roles(user).items()
    )


# -- Reporting delegated and urgent decisions (anmälan, 6 kap 40 §) -----------------------------


def is_secretary_of(user, body) -> bool:
    return body is not None and _holds(user, body.pk, [Role.SECRETARY])


@rules.predicate
def may_record_report(user, decision) -> bool:
    """The secretary of the body a delegated or urgent decision is reported to."""
    return decision is not None and is_secretary_of(user, decision.body)


@rules.predicate
def may_note_chair_absence(user, body) -> bool:
    return body is not None and body.is_political and is_secretary_of(user, body)


rules.add_perm("dialog.decide_by_delegation", may_decide_by_delegation)
rules.add_perm("dialog.decide_urgently", may_decide_urgently)
rules.add_perm("dialog.record_report", may_record_report)
rules.add_perm("roles.note_chair_absence", may_note_chair_absence)

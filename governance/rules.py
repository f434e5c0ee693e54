"""Who may do what with the register. Predicates take (user, document).

- anyone with an active membership in some body may read the register and open its PDFs;
- officials and clerks (registrars) may add documents and import titles;
- a document is edited, revoked or replaced by a new version only by the clerks of its adopting
  body and the officials of the administration that owns it (an officials' document adopted by
  an administration: that administration's officials);
- a document with neither body (an imported title) by the clerks of the executive board (KS);
- the dialogue policy (a document a policy profile hangs on, or a new version of one) only by
  the clerks of KS and KF: it decides the rules of new dialogues.

Views, templates and services all ask `rules.has_perm`, never `user.has_perm`: Django's
ModelBackend would let a superuser through everything.
"""

import rules
from django.db.models import Q
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from roles.models import Body, Membership
from roles.rules import (
    has_any_membership,
    is_clerk,
    is_clerk_of_body,
    is_official,
    is_official_of_body,
)
from roles.selectors import body_ids_with_roles


def _clerk_of_kind(user, kinds) -> bool:
    ids = body_ids_with_roles(user, [Membership.Role.SECRETARY])
    return bool(ids) and Body.objects.filter(pk__in=ids, kind__in=kinds).exists()


@rules.predicate
def is_executive_board_clerk(user) -> bool:
    return _clerk_of_kind(user, [Body.Kind.EXECUTIVE_BOARD])


@rules.predicate
def is_executive_board_or_council_clerk(user) -> bool:
    return _clerk_of_kind(user, [Body.Kind.EXECUTIVE_BOARD, Body.Kind.COUNCIL])


@rules.predicate
def is_dialogue_policy(user, document) -> bool:
    if document is None or document.pk is None:
        return False
    cached = getattr(document, "_is_dialogue_policy", None)
    if cached is None:
        from .models import SteeringDocument

        # A profile hangs on it, or on the version it replaces (a new version of the policy).
        cached = (
            SteeringDocument.objects.filter(pk=document.pk)
            .filter(Q(policy_profiles__isnull=False) | Q(replaces__policy_profiles__isnull=False))
            .exists()
        )
        document._is_dialogue_policy = cached  # asked by the view, the template and the service
    return cached


@rules.predicate
def has_no_body(user, document) -> bool:
    return document is not None and not document.adopting_body_id and not document.owner_body_id


@rules.predicate
def is_clerk_of_adopting_body(user, document) -> bool:
    return document is not None and is_clerk_of_body(user, document.adopting_body)


@rules.predicate
def is_official_of_owner(user, document) -> bool:
    if document is None:
        return False
    owners = [document.owner_body]
    body = document.adopting_body
    if body is not None and body.is_operating:
        owners.append(body)  # an officials' document adopted by its own administration/company
    return any(is_official_of_body(user, owner) for owner in owners if owner is not None)


may_add = is_official | is_clerk
may_change = (is_dialogue_policy & is_executive_board_or_council_clerk) | (
    ~is_dialogue_policy
    & ((has_no_body & is_executive_board_clerk) | is_clerk_of_adopting_body | is_official_of_owner)
)

rules.add_perm("governance.view_document", has_any_membership)
rules.add_perm("governance.add_document", may_add)
rules.add_perm("governance.change_document", may_change)
rules.add_perm("governance.import_documents", may_add)

DENIED = {
    "governance.view_document": _(
        "Only people with a role in one of the municipality's bodies may read the register."
    ),
    "governance.add_document": _("Only officials and registrars may add documents."),
    "governance.import_documents": _("Only officials and registrars may import documents."),
}


def denied_reason(permission: str, document=None) -> str:
    """Why `permission` was refused, naming the bodies that may act on `document`."""
    if permission == "governance.change_document" and document is not None:
        return str(change_refusal(document))
    return str(DENIED.get(permission, _("You may not do this.")))


def change_refusal(document) -> str:
    if is_dialogue_policy(None, document):
        return str(
            _(
                "The dialogue policy decides the rules of new dialogues: only the registrars of "
                "the executive board and the municipal council may change it."
            )
        )
    if has_no_body(None, document):
        return str(
            _(
                "A document without an adopting body or owning department is changed by the "
                "registrars of the executive board."
            )
        )
    names = []
    if document.adopting_body_id:
        names.append(_("the registrars of %(body)s") % {"body": document.adopting_body.name})
    owners = [document.owner_body]
    if document.adopting_body_id and document.adopting_body.is_operating:
        owners.append(document.adopting_body)
    for owner in dict.fromkeys(o for o in owners if o is not None):
        names.append(_("the officials of %(body)s") % {"body": owner.name})
    who = get_text_list([str(name) for name in names], str(_("and")))
    return str(_("Only %(who)s may change this document.") % {"who": who})


# -- The municipality's goals (issue 16) -------------------------------------------------------
# A goal is kept by the clerks of its owner body and the officials of that body or of an
# administration under it (the administration that prepares its budget: KLF under KS), and by
# the administrator. Everyone who may read the register reads the goals.


@rules.predicate
def keeps_goals_of_owner(user, goal) -> bool:
    body = getattr(goal, "owner_body", None) if goal is not None else None
    if body is None:
        return False
    if is_clerk_of_body(user, body) or is_official_of_body(user, body):
        return True
    official_in = body_ids_with_roles(user, Membership.OFFICIAL_ROLES)
    return bool(official_in) and Body.objects.filter(pk__in=official_in, parent=body).exists()


may_keep_goals = rules.is_superuser | is_official | is_clerk
rules.add_perm("governance.view_goal", rules.is_superuser | has_any_membership)
rules.add_perm("governance.add_goal", may_keep_goals)
rules.add_perm("governance.change_goal", rules.is_superuser | keeps_goals_of_owner)
DENIED.update(
    {
        "governance.view_goal": _(
            "Only people with a role in one of the municipality's bodies may read the goals."
        ),
        "governance.add_goal": _("Only officials and registrars may add goals."),
        "governance.change_goal": _(
            "Only the registrars and officials of the goal's owner (or of the administration "
            "under it) may change the goal."
        ),
    }
)

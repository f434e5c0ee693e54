"""Who may read and generate the PDF documents.

- Reading (the reports page, downloading any version): everyone with a role in one of the
  municipality's bodies, like the dialogue case itself, and the dialogue's responsible official.
- Generating the documents of a dialogue: its responsible official and the clerk of its body.
- Generating the follow-up of the dialogue work of a body: the body's clerks and officials; of
  the whole municipality (no body): the committee secretaries of the council and the executive
  board (the KS clerk prepares the municipality's annual report).
"""

import rules
from django.utils.translation import gettext_lazy as _

from dialog.models import Decision
from dialog.rules import is_body_clerk, is_responsible_official
from roles.models import Body, Membership
from roles.rules import has_any_membership, is_clerk_of_body, is_official_of_body
from roles.selectors import body_roles


@rules.predicate
def is_reports_dialogue_official(user, obj) -> bool:
    dialogue = getattr(obj, "dialogue", obj)
    return dialogue is not None and is_responsible_official(user, dialogue)


@rules.predicate
def is_deciding_bodys_secretary(user, decision) -> bool:
    """The committee secretary of the body that took the decision: its minutes are theirs."""
    return decision is not None and is_clerk_of_body(user, decision.body)


@rules.predicate
def may_view_decisions_dialogue(user, decision) -> bool:
    return decision is not None and rules.has_perm("dialog.view_dialogue", user, decision.dialogue)


rules.add_perm("reports.view_report", has_any_membership | is_reports_dialogue_official)
rules.add_perm("reports.generate_report", is_responsible_official | is_body_clerk)
# The bodies whose committee secretaries follow up the whole municipality's dialogue work.
MUNICIPALITY_FOLLOW_UP_KINDS = (Body.Kind.COUNCIL, Body.Kind.EXECUTIVE_BOARD)


def municipal_clerk_body_ids(user) -> set[int]:
    """The council and executive board where the user is committee secretary (one query for
    the kinds, after the user's roles, which are read once per request)."""
    ids = {
        body_id for body_id, held in body_roles(user).items() if Membership.Role.SECRETARY in held
    }
    if not ids:
        return set()
    return set(
        Body.objects.filter(pk__in=ids, kind__in=MUNICIPALITY_FOLLOW_UP_KINDS).values_list(
            "pk", flat=True
        )
    )


@rules.predicate
def is_municipal_follow_up_clerk(user, body) -> bool:
    return body is None and bool(municipal_clerk_body_ids(user))


rules.add_perm(
    "reports.generate_follow_up",
    is_clerk_of_body | is_official_of_body | is_municipal_follow_up_clerk,
)
# The justerat protokollsutdrag of a decision (issue 12): uploaded by the deciding body's
# secretary, read by everyone who may read the dialogue.
rules.add_perm("reports.upload_protocol_extract", is_deciding_bodys_secretary)
rules.add_perm("reports.view_protocol_extract", may_view_decisions_dialogue)

DENIED_REASONS = {
    "reports.view_report": _(
        "Only people with a role in one of the municipality's bodies can read the reports."
    ),
    "reports.generate_report": _(
        "Only the responsible official or the clerk of %(body)s can generate this dialogue's "
        "documents."
    ),
    "reports.generate_follow_up": _(
        "Only the clerks and officials of %(body)s can generate its follow-up."
    ),
    "reports.generate_municipal_follow_up": _(
        "Only the committee secretaries of the municipal council and the executive board can "
        "generate the follow-up of the whole municipality."
    ),
    "reports.upload_protocol_extract": _(
        "Only the committee secretary of %(body)s, which took the decision, can upload its "
        "extract from the minutes."
    ),
    "reports.view_protocol_extract": _(
        "Only people with a role in one of the municipality's bodies can read the extracts."
    ),
}


def denied_reason(permission: str, body=None) -> str:
    if isinstance(body, Decision):
        body = body.body  # a decision's permissions name the body that took it
    if permission == "reports.generate_follow_up" and body is None:
        permission = "reports.generate_municipal_follow_up"
    text = str(DENIED_REASONS.get(permission, _("You are not allowed to do this.")))
    return text % {"body": body.name if body is not None else ""} if "%(body)s" in text else text

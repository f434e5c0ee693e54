"""Who may read and generate the PDF documents.

- Reading (the reports page, downloading any version): everyone with a role in one of the
  municipality's bodies, like the dialogue case itself, and the dialogue's responsible official.
- Generating the documents of a dialogue: its responsible official and the clerk of its body.
- Generating the yearly follow-up of a body: the body's clerks and officials.
"""

import rules
from django.utils.translation import gettext_lazy as _

from dialog.rules import is_body_clerk, is_responsible_official
from roles.rules import has_any_membership, is_clerk_of_body, is_official_of_body


@rules.predicate
def is_reports_dialogue_official(user, obj) -> bool:
    dialogue = getattr(obj, "dialogue", obj)
    return dialogue is not None and is_responsible_official(user, dialogue)


rules.add_perm("reports.view_report", has_any_membership | is_reports_dialogue_official)
rules.add_perm("reports.generate_report", is_responsible_official | is_body_clerk)
rules.add_perm("reports.generate_follow_up", is_clerk_of_body | is_official_of_body)

DENIED_REASONS = {
    "reports.view_report": _(
        "Only people with a role in one of the municipality's bodies can read the reports."
    ),
    "reports.generate_report": _(
        "Only the responsible official or the clerk of %(body)s can generate this dialogue's "
        "documents."
    ),
    "reports.generate_follow_up": _(
        "Only the clerks and officials of %(body)s can generate its yearly follow-up."
    ),
}


def denied_reason(permission: str, body=None) -> str:
    text = str(DENIED_REASONS.get(permission, _("You are not allowed to do this.")))
    return text % {"body": body.name if body is not None else ""} if "%(body)s" in text else text

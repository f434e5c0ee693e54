"""Who may publish a dialogue's public page: its responsible official or the committee
secretary of its body. Predicates take (user, dialogue)."""

import rules
from django.utils.translation import gettext_lazy as _

from dialog.rules import is_body_clerk, is_responsible_official

may_publish = is_responsible_official | is_body_clerk

rules.add_perm("participation.publish_dialogue", may_publish)

DENIED_REASONS = {
    "participation.publish_dialogue": _(
        "Only the responsible official or the committee secretary of %(body)s can publish or "
        "unpublish the dialogue's public page."
    ),
}


def denied_reason(permission: str, dialogue=None) -> str:
    reason = DENIED_REASONS.get(permission, _("You are not allowed to do this."))
    body = getattr(dialogue, "body", None)
    return str(reason) % {"body": body.name if body else _("the body")}

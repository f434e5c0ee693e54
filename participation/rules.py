"""Who may publish a dialogue's public page: its responsible official or the committee
secretary of its body. Predicates take (user, dialogue)."""

import rules
from django.utils.translation import gettext_lazy as _

from dialog.rules import is_body_clerk, is_responsible_official, works_on_dialogue

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


# -- Views given online (issue 13, item 2) --------------------------------------------------------


@rules.predicate
def may_edit_execution(user, dialogue) -> bool:
    """Who may edit the execution step's content (dialog's own rule: the officials working on
    the dialogue, while it is at the execution step) sets up, opens and closes its online form."""
    return dialogue is not None and rules.has_perm("dialog.edit_execution", user, dialogue)


@rules.predicate
def at_execution_or_compilation(user, dialogue) -> bool:
    from dialog.models import State

    return dialogue is not None and dialogue.state in (State.EXECUTION, State.COMPILATION)


# Moderation goes on into the compilation: views that came in before the form closed are
# accepted into the input register (or hidden) while the official compiles the results.
may_moderate = at_execution_or_compilation & works_on_dialogue

rules.add_perm("participation.manage_online_form", may_edit_execution)
rules.add_perm("participation.moderate_online_views", may_moderate)

DENIED_REASONS.update(
    {
        "participation.manage_online_form": _(
            "Only the responsible official or the officials working on the dialogue can set up, "
            "open and close its online form, and only while the dialogue is at the execution "
            "step."
        ),
        "participation.moderate_online_views": _(
            "Only the responsible official or the officials working on the dialogue can moderate "
            "the views given online, while the dialogue is at the execution or compilation step."
        ),
    }
)

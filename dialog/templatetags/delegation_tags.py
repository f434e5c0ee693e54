"""The dialogue page's decision area offers the user's own forms of decision on the body's
behalf (issue 12): by delegation, or urgently as chair. The predicates decide (dialog.delegation);
no queries in the template."""

from django import template

from .. import delegation

register = template.Library()


@register.inclusion_tag("dialog/delegation/_decision_forms.html", takes_context=True)
def delegation_forms(context, dialogue, available):
    user = context["request"].user
    decisions = [a for a in available if a.records_decision]
    found = delegation.delegation_for(user, dialogue) if decisions else None
    urgent = bool(decisions) and delegation.urgent_body(user, dialogue) is not None
    quote = ""
    if found:
        point = found[1]
        quote = point.quote() if point else delegation.administration_quote(dialogue)
    return {
        "dialogue": dialogue,
        "delegation_actions": decisions if found else [],
        "delegation_quote": quote,
        "urgent_actions": decisions if urgent else [],
        # The body's secretary finds the list of decisions to report (anmälan) from here.
        "reports_link": delegation.is_secretary_of(user, dialogue.body),
    }

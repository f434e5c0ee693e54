"""The demo's delegation part (dialog/demo/delegation.py): the bodies' delegation orders, a
delegation decision reported at a later meeting and an ordförandebeslut, in order of dates."""

from dialog.demo.delegation import PLAYGROUNDS, SCHOOLYARDS
from dialog.models import Decision, TransitionLog
from governance.models import DelegationOrder


def test_the_demo_has_delegation_orders_and_decisions_of_both_forms(demo):
    orders = {o.body.code: o for o in DelegationOrder.objects.select_related("body", "document")}
    assert set(orders) == {"KS", "BUN", "KFN"}  # the council delegates nothing
    assert orders["KS"].point_for("mandate").delegate_body.code == "KSAU"
    assert orders["KS"].document.type.name == "Delegationsordning"

    delegated = Decision.objects.get(dialogue__title=PLAYGROUNDS)
    submitted = TransitionLog.objects.get(
        dialogue=delegated.dialogue, transition="submit_for_mandate"
    )
    assert delegated.kind == Decision.Kind.DELEGATION and "3.2" in delegated.delegation_quote
    assert submitted.at.date() < delegated.decided_on < delegated.reported_meeting.held_on
    assert delegated.reported_meeting.body.code == "KS" and delegated.reported_paragraph

    urgent = Decision.objects.get(dialogue__title=SCHOOLYARDS)
    assert urgent.kind == Decision.Kind.URGENT and urgent.urgency_reason
    assert urgent.recorded_by.username == "erik.sandberg"
    assert urgent.reported_meeting is None  # on the secretary's list for BUN's next meeting

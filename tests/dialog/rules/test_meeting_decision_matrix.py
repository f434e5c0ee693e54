"""The meeting decision × role (issue 12): a body decides at its meeting and its committee
secretary records the decision from the minutes. No one else records it: not the ersättare
(not a decider by holding the role), not the chair or the vice chair, not a member, not the
registrar, not the responsible official, not the förvaltningschef. Asked through the permission
and through the service, at every decision point; and under Solna's profile, where the
responsible official notes the politicians' stance instead of a decision."""

import pytest
import rules

from dialog import services
from dialog.models import Decision, DecisionPoint, State
from roles.models import Membership
from tests.factories import (
    Cast,
    make_dialogue,
    make_meeting,
    make_member,
    put_in_state,
    use_profile,
)

R = Membership.Role
ROLES = (
    "deputy",
    "chair",
    "vice_chair",
    "member",
    "secretary",
    "registrar",
    "official",
    "head_of_administration",
)
DECIDERS = {"secretary"}
POINTS = {
    State.MANDATE_DECISION: "approve_mandate",
    State.LAUNCH_DECISION: "approve_launch",
    State.DECISION: "decide",
}


@pytest.fixture
def people(db):
    cast = Cast()
    return cast, {
        "deputy": make_member(cast.body, R.DEPUTY, first_name="Ella"),
        "chair": cast.politician,
        "vice_chair": make_member(cast.body, R.VICE_CHAIR, first_name="Vera"),
        "member": make_member(cast.body, R.MEMBER, first_name="Mats"),
        "secretary": make_member(cast.body, R.SECRETARY, first_name="Saga"),
        "registrar": make_member(cast.body, R.REGISTRAR, first_name="Rut"),
        "official": cast.official,
        "head_of_administration": make_member(cast.body, R.HEAD_OF_ADMINISTRATION),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(POINTS))
def test_only_the_secretary_records_the_meeting_decision(people, state, role):
    cast, everyone = people
    dialogue = put_in_state(make_dialogue(cast), state)
    user = everyone[role]
    allowed = role in DECIDERS
    assert rules.has_perm("dialog.decide", user, dialogue) == allowed
    meeting = make_meeting(cast.body)

    def record():
        return services.decide_at_meeting(
            dialogue_id=dialogue.pk,
            name=POINTS[state],
            user=user,
            meeting=meeting,
            paragraph="5",
            text="Enligt förslaget.",
        )

    if allowed:
        decision = record().decisions.get(point=DecisionPoint.for_state(state))
        assert (decision.kind, decision.recorded_by) == (Decision.Kind.MEETING, user)
    else:
        with pytest.raises(services.PermissionRefused):
            record()
        assert not Decision.objects.filter(dialogue=dialogue).exists()


@pytest.mark.parametrize("role", ROLES)
def test_under_solna_the_official_notes_the_stance_and_no_one_decides_by_a_click(people, role):
    from governance import services as governance_services

    cast, everyone = people
    solna = governance_services.load_preset(key="solna").profile
    dialogue = put_in_state(use_profile(make_dialogue(cast), solna), State.MANDATE_DECISION)
    user = everyone[role]
    assert rules.has_perm("dialog.decide", user, dialogue) == (role in {"secretary", "official"})
    if role in {"secretary", "official"}:
        return
    with pytest.raises(services.PermissionRefused):
        services.note_information(
            dialogue_id=dialogue.pk,
            name="approve_mandate",
            user=user,
            informed_occasion="Presidiet",
            informed_on=dialogue.created_at.date(),
            text="Ja.",
        )

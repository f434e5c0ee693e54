"""The demo's dialogue under the Solna profile (issue 12): the politicians' stance on the mandate,
noted by the responsible official with the occasion and no paragraph, while the demo keeps
Sandviken's profile for everything else."""

import pytest
from django.utils import timezone

from dialog.demo.solna import TITLE
from dialog.models import Decision, Dialogue
from governance.selectors import profile_in_force

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_stance_under_the_solna_profile(demo):
    dialogue = Dialogue.objects.select_related("policy_profile").get(title=TITLE)
    assert dialogue.policy_profile.key == "solna"
    assert dialogue.state == "planning"
    assert dialogue.case_number
    stance = Decision.objects.get(dialogue__policy_profile__key="solna", kind=Decision.Kind.STANCE)
    assert stance.dialogue == dialogue
    assert stance.paragraph == ""
    assert stance.meeting_id is None
    assert stance.informed_occasion
    assert stance.point == "mandate" and stance.outcome == "approved"
    # Believable dates: the politicians were informed weeks after the dialogue was proposed.
    assert dialogue.created_at.date() < stance.decided_on < timezone.localdate()
    # The demo's other dialogues and new ones still follow Sandviken's profile.
    assert profile_in_force().key == "sandviken"
    assert not dialogue.governing_documents.filter(policy_profiles__key="sandviken").exists()

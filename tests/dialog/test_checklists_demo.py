"""The demo's part of issue 16 (dialog.demo.goals): the municipality's goals, two linked to
dialogues and one to the dialogue policy, and Solna's checklists answered on the dialogue under
Solna's profile at the steps it has reached."""

import pytest
from django.urls import reverse

from dialog.demo.solna import TITLE
from dialog.models import ChecklistAnswer, Dialogue
from governance.models import Checklist, Goal
from tests.helpers import login, text, texts

pytestmark = pytest.mark.django_db


def test_the_demo_has_goals_linked_to_dialogues_and_a_document(demo):
    goals = list(Goal.objects.select_related("owner_body"))
    assert len(goals) >= 3
    assert {g.owner_body.code for g in goals} == {"KF", "KS"}
    assert all(g.source.startswith("Mål och budget") for g in goals)
    assert sum(1 for g in goals if g.dialogues.exists()) == 2
    assert sum(1 for g in goals if g.steering_documents.exists()) == 1
    # Linked by the responsible officials, as the history says.
    linked = Dialogue.objects.filter(goals__isnull=False).distinct()
    for dialogue in linked:
        record = dialogue.history.filter(history_user=dialogue.responsible_official).first()
        assert record is not None


def test_the_demo_answers_solnas_checklists_at_the_steps_reached(demo, client):
    dialogue = Dialogue.objects.get(title=TITLE)
    answered = set(
        ChecklistAnswer.objects.filter(dialogue=dialogue).values_list(
            "item__checklist__key", flat=True
        )
    )
    assert answered == {"styrprocessen", "dialogprocessen", "kommunikationsplan"}
    # The stance's questions were answered before the dialogue was submitted for the mandate.
    submitted = dialogue.transitions.get(transition="submit_for_mandate").at
    first = ChecklistAnswer.objects.filter(
        dialogue=dialogue, item__checklist__key="styrprocessen"
    ).earliest("answered_at")
    assert first.answered_at <= submitted
    assert first.answered_by == dialogue.responsible_official
    login(client, dialogue.responsible_official)
    page = client.get(dialogue.get_absolute_url())
    planning = Checklist.objects.get(profile=dialogue.policy_profile, key="dialogprocessen")
    assert "Samtalskvällar" in text(page, f"#checklist-{planning.pk}")
    goals_page = client.get(reverse("governance:goals"))
    assert len(texts(goals_page, "#goals tbody tr")) >= 3

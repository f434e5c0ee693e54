"""The scale generator publishes public pages (issue 11): the big dialogue's and every tenth
publishable one's, as participation's publish leaves them; --publish-only completes an older
set without adding anything else."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from dialog.models import Dialogue
from dialog.scale import BIG_TITLE, PUBLISHABLE
from participation.models import PUBLISHABLE_STATES, PublicationEvent, PublicDialogue

pytestmark = pytest.mark.django_db


def test_the_big_dialogue_and_every_tenth_are_published_and_shown():
    call_command(
        "generate_scale",
        dialogues=40,
        inputs=400,
        documents=0,
        big_dialogue_inputs=100,
        stdout=StringIO(),
    )
    assert set(PUBLISHABLE) == set(PUBLISHABLE_STATES)
    pages = PublicDialogue.objects.select_related("dialogue")
    assert pages.filter(dialogue__title=BIG_TITLE, is_published=True).exists()
    assert 3 <= pages.count() <= 5
    for page in pages:
        assert page.dialogue.state in PUBLISHABLE_STATES
        assert page.publish_missing() == []
        assert page.published_by_id == page.dialogue.responsible_official_id
    assert PublicationEvent.objects.filter(action="published").count() == pages.count()
    big = Dialogue.objects.get(title=BIG_TITLE)
    response = Client().get(f"/medborgare/dialoger/{big.pk}/")
    assert response.status_code == 200
    assert big.title in response.content.decode()


def test_publish_only_completes_a_set_and_adds_nothing_twice():
    call_command(
        "generate_scale",
        dialogues=40,
        inputs=100,
        documents=0,
        big_dialogue_inputs=10,
        stdout=StringIO(),
    )
    made = PublicDialogue.objects.count()
    PublicationEvent.objects.all().delete()
    PublicDialogue.objects.all().delete()
    dialogues = Dialogue.objects.count()
    out = StringIO()
    call_command("generate_scale", publish_only=True, stdout=out)
    assert out.getvalue().strip() == f"published: {made}"
    assert PublicDialogue.objects.count() == made and Dialogue.objects.count() == dialogues
    out = StringIO()
    call_command("generate_scale", publish_only=True, stdout=out)
    assert out.getvalue().strip() == "published: 0"

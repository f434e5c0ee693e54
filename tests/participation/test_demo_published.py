"""load_demo publishes the residents' side of the demo: three dialogues on the public pages."""

import pytest
from django.urls import reverse

from participation.models import PublicDialogue

pytestmark = pytest.mark.django_db


def test_the_demo_has_three_published_dialogues_on_the_public_start_page(demo, client):
    published = PublicDialogue.objects.filter(is_published=True).select_related("dialogue")
    titles = {p.dialogue.title for p in published}
    assert titles == {"Mötesplatser för unga", "Trygghet i centrum", "Kulturskolans utbud"}
    page = client.get(reverse("public:start")).content.decode()
    assert all(title in page for title in titles)

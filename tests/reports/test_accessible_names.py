"""The reports page's buttons name their object for screen readers (issue 14): not seven
identical "Skapa", but "Skapa: Beslutsunderlag: uppdrag" and so on."""

from django.urls import reverse

from tests.factories import make_dialogue, register_directly
from tests.helpers import element, parse


def test_each_generate_button_names_its_document(client, cast):
    dialogue = register_directly(make_dialogue(cast))
    client.force_login(cast.clerk)
    soup = parse(client.get(reverse("reports:dialogue", args=[dialogue.pk])).content.decode())
    buttons = soup.select("main form button[type=submit]")
    assert buttons
    names = [" ".join(b.get_text().split()) for b in buttons]
    assert len(names) == len(set(names)), names
    for button in buttons:
        heading = button.find_parent("section").find("h2").get_text(strip=True)
        assert heading in button.get_text()
    assert dialogue.title in element(soup.decode(), "h1").get_text()
    assert len(soup.select("h1")) == 1

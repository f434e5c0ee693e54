"""The profile's questions and target groups filled in Chromium, and the refusal they drive."""

import pytest

from dialog.models import Dialogue, Mandate, State
from governance import services as governance_services
from tests.factories import INITIATIVE, MANDATE, Cast, make_dialogue, use_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_initiative_questions_and_target_groups_in_chromium(page, login):
    cast = Cast()
    profile = governance_services.load_preset(key="sandviken").profile
    dialogue = use_profile(make_dialogue(cast, complete=False, **INITIATIVE), profile)
    Mandate.objects.filter(dialogue=dialogue).update(**MANDATE)
    login(cast.official)

    page.goto(f"/dialoger/{dialogue.pk}/initiativ/")
    page.check("input[name=question_open_to_influence][value=yes]")
    page.fill("textarea[name=question_open_to_influence_comment]", "Inget är beslutat ännu.")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/dialoger/{dialogue.pk}/")
    assert "Inget är beslutat ännu." in page.inner_text("#initiative-answers")

    page.goto(f"/dialoger/{dialogue.pk}/uppdrag/")
    page.check("input[name=group_disability_council][value=yes]")
    page.check("input[name=group_children_young][value=yes]")
    page.check("input[name=group_pensioners_council][value=no]")
    page.click("main form button[type=submit]")  # no reason: refused, the text stays
    assert page.locator(".field--error textarea[name=group_pensioners_council_reason]").count()
    page.fill("textarea[name=group_pensioners_council_reason]", "Berörs inte av frågan.")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/dialoger/{dialogue.pk}/")
    assert "Berörs inte av frågan." in page.inner_text("#target-groups")
    assert Dialogue.objects.get(pk=dialogue.pk).target_groups.count() == 3
    assert Dialogue.objects.get(pk=dialogue.pk).state == State.INITIATIVE

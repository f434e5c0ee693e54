"""The residents' pages in Chromium at a wide (1366 px) and a narrow (320 px) screen: no WCAG 2.1
AA violation axe-core can find, and nothing wider than the screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache

from dialog.models import State
from participation import services
from participation.models import Area, Topic
from tests.factories import Cast, add_activity, make_dialogue, put_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}


def _publish(dialogue, **details):
    user = dialogue.responsible_official
    services.update_details(
        dialogue_id=dialogue.pk,
        user=user,
        summary="Vi vill veta vad som får dig att känna dig trygg i centrum på kvällen.",
        cannot_influence="Polisens arbete beslutar inte kommunen om.",
        **details,
    )
    services.publish(dialogue_id=dialogue.pk, user=user)


@pytest.fixture
def published(db):
    cache.clear()
    cast = Cast()
    area = Area.objects.create(name="Centrum")
    topic = Topic.objects.create(name="Trygghet")
    open_one = put_in_state(make_dialogue(cast), State.EXECUTION)
    add_activity(open_one, title="Trygghetsvandring kring busstationen", place="Busstationen")
    add_activity(open_one, title="Webbenkät", place="", link="https://example.se/enkat")
    _publish(
        open_one,
        areas=[area],
        topics=[topic],
        summary_easy="Kommunen vill veta vad du tycker om centrum.",
    )
    finished = put_in_state(
        make_dialogue(cast, title="Ett avslutat samtal om parken"),
        State.CLOSED,
        final_decision=True,
        by=cast.politician,
    )
    from tests.factories import complete_decision_followup

    complete_decision_followup(finished)
    _publish(finished)
    yield {"open": open_one, "finished": finished}
    cache.clear()


def _pages(published):
    pages = []
    for prefix in ("", "/en"):
        pages += [
            f"{prefix}/medborgare/",
            f"{prefix}/medborgare/?area={Area.objects.get().pk}",
            f"{prefix}/medborgare/dialoger/{published['open'].pk}/",
            f"{prefix}/medborgare/dialoger/{published['finished'].pk}/",
            f"{prefix}/medborgare/tillganglighet/",
            f"{prefix}/medborgare/personuppgifter/",
        ]
    return pages


@pytest.mark.parametrize("width", [1366, 320])
def test_public_pages_accessible_without_sideways_scrolling(page, published, width):
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    for url in _pages(published):
        response = page.goto(url)
        assert response.status == 200, url
        results = axe.run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, (url, width, results.generate_report())
        too_wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not too_wide, (url, width)


def test_filter_works_without_javascript(browser, live_server, published):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/medborgare/")
        page.select_option("select[name=area]", label="Centrum")
        page.locator("form.public-filters button[type=submit]").click()
        page.wait_for_load_state("load")
        assert "area=" in page.url
        titles = page.locator(".public-card__title").all_inner_texts()
        assert titles == [published["open"].title]
        page.get_by_role("link", name="English").click()
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator(".public-card__title").all_inner_texts() == [published["open"].title]
    finally:
        context.close()

"""The dialogue page's index by keyboard (issue 14): Tab reaches it, its links move to the
sections, and on a phone (320 px) it is a <details> "Contents" that opens without JavaScript."""

import pytest

from tests.factories import Cast, make_dialogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _active(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const index = el.closest('.dialogue-index');
            return {tag: el.tagName, href: el.getAttribute('href') || '',
                    inIndex: !!index, text: el.textContent.trim()};
        }"""
    )


def _tab_to_index(page, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _active(page)["inIndex"]:
            return _active(page)
    raise AssertionError("Tab never reached the index")


def test_tab_reaches_the_index_and_its_links_move_to_the_sections(page, login):
    cast = Cast()
    dialogue = make_dialogue(cast)
    login(cast.official)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/dialoger/{dialogue.pk}/")
    index = page.locator("#dialogue-index")
    assert index.is_visible()
    assert not page.locator("#dialogue-index-narrow").is_visible()
    first = _tab_to_index(page)
    assert first["href"].startswith("#")
    # Walk the index's links: each one (Enter) lands on its section.
    hrefs = [a.get_attribute("href") for a in index.locator("a").all()]
    for href in [h for h in hrefs if h.startswith("#")][:4]:
        page.locator(f"#dialogue-index a[href='{href}']").focus()
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => location.hash === '{href}'")
        top = page.evaluate(f"() => document.querySelector('{href}').getBoundingClientRect().top")
        assert -2 <= top < 200, (href, top)
    # Sticky: after scrolling to the timeline, the index is still in view.
    page.locator("#dialogue-index a[href='#timeline']").click()
    box = index.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] < 900


def test_the_contents_open_at_320_px_without_javascript(browser, live_server):
    cast = Cast()
    dialogue = make_dialogue(cast)
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 320, "height": 700}
    )
    page = context.new_page()
    try:
        page.goto("/logga-in/")
        page.fill("input[name=username]", cast.official.username)
        page.fill("input[name=password]", "test-password-123")
        page.click("main form[action='/logga-in/'] button[type=submit]")
        page.goto(f"/dialoger/{dialogue.pk}/")
        assert not page.locator("#dialogue-index").is_visible()
        details = page.locator("#dialogue-index-narrow")
        assert details.is_visible()
        link = details.locator("a[href='#timeline']")
        assert not link.is_visible()
        # By keyboard: Tab to the summary, Enter opens it, the links follow.
        summary = details.locator("summary")
        summary.focus()
        page.keyboard.press("Enter")
        assert details.get_attribute("open") is not None
        assert link.is_visible()
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.hash === '#timeline'")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, width
    finally:
        context.close()

"""The GOV.UK error pattern in Chromium, by keyboard (issue 14): after an empty submit the focus
is on the error summary and the title starts with "Fel: ", and a summary link moves the focus to
its field."""

import pytest

from tests.factories import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The lead merges the PO fragments at the end; until then the prefix is the English msgid.
PREFIXES = ("Fel: ", "Error: ")


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {id: el.id, tag: el.tagName, summary: el.hasAttribute('data-error-summary'),
                    href: el.getAttribute('href') || ''};
        }"""
    )


def test_empty_submit_focuses_the_summary_and_its_links_reach_the_fields(page, login):
    cast = Cast()
    login(cast.official)
    page.goto("/dialoger/ny/")
    assert not page.title().startswith(PREFIXES)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    assert page.title().startswith(PREFIXES), page.title()
    assert _focused(page)["summary"], _focused(page)
    # The first Tab from the summary reaches its first link; Enter moves the focus to the field.
    page.keyboard.press("Tab")
    link = _focused(page)
    assert link["tag"] == "A" and link["href"].startswith("#"), link
    page.keyboard.press("Enter")
    field = _focused(page)
    assert field["id"] == link["href"][1:], (field, link)
    assert field["tag"] in ("INPUT", "SELECT", "TEXTAREA")


def test_the_summary_takes_the_focus_without_javascript(browser, live_server):
    """`autofocus` on the focusable summary does it where scripts do not run."""
    cast = Cast()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/logga-in/")
        page.fill("input[name=username]", cast.official.username)
        page.fill("input[name=password]", "test-password-123")
        page.click("main form[action='/logga-in/'] button[type=submit]")
        page.goto("/dialoger/ny/")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state("load")
        assert page.title().startswith(PREFIXES)
        assert _focused(page)["summary"]
    finally:
        context.close()

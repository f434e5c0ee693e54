"""The back button after a view is sent, in Chromium without JavaScript: the form page is never
cached, so Chromium loads it again with a new token and fills the old answer back in; sent again
that would be a second copy. The page says the view was received instead, and "Give another
answer" opens a fresh, empty form."""

import pytest

from participation.models import Submission
from tests.browser.test_online_view import VIEW, open_form  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _send(page, text):
    page.locator("textarea[name=text]").fill(text)
    page.locator("#send-view").click()
    page.wait_for_load_state("load")
    assert page.locator("#thanks-heading").is_visible()


def test_back_after_sending_says_received_and_offers_a_fresh_form(
    browser,
    live_server,
    open_form,  # noqa: F811
):
    dialogue, _questions = open_form
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="sv-SE"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"/medborgare/dialoger/{dialogue.pk}/tyck-till/")
        _send(page, VIEW)
        page.reload()  # the thanks page was reached by a redirect: reloading posts nothing
        page.wait_for_load_state("load")
        assert Submission.objects.count() == 1
        page.go_back()
        page.wait_for_load_state("load")
        assert page.locator("#received-heading").is_visible()
        assert page.locator("#online-view-form").count() == 0
        page.locator("#another-answer").click()
        page.wait_for_load_state("load")
        assert page.locator("textarea[name=text]").input_value() == ""
        _send(page, "Ett till svar: fler bänkar vid torget.")
        assert Submission.objects.count() == 2
        page.go_back()
        page.wait_for_load_state("load")
        assert page.locator("#received-heading").is_visible()
    finally:
        context.close()
    assert sorted(Submission.objects.values_list("text", flat=True)) == sorted(
        [VIEW, "Ett till svar: fler bänkar vid torget."]
    )

"""A resident gives a view in the online form in Chromium, without JavaScript and with it; the
form page passes axe-core (WCAG 2.1 AA) at 1366 and 320 px without sideways scrolling; the
official moderates the views and reads the counts per question."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache

from dialog.models import InputItem, State
from participation.models import Area, Submission
from tests.factories import Cast, make_dialogue, put_in_state
from tests.participation.online_fixtures import build_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}
VIEW = "Det behövs fler lampor längs gångvägen till stationen."


@pytest.fixture
def open_form(db):
    from participation import services

    cache.clear()
    cast = Cast()
    Area.objects.create(name="Centrum")
    dialogue = put_in_state(make_dialogue(cast), State.EXECUTION)
    user = dialogue.responsible_official
    services.update_details(
        dialogue_id=dialogue.pk,
        user=user,
        summary="Vi vill veta vad som får dig att känna dig trygg i centrum på kvällen.",
        cannot_influence="Polisens arbete beslutar inte kommunen om.",
    )
    services.publish(dialogue_id=dialogue.pk, user=user)
    _form, questions = build_form(dialogue)
    yield dialogue, questions
    cache.clear()


def _give_view(page, dialogue, text):
    page.goto(f"/medborgare/dialoger/{dialogue.pk}/")
    page.locator("#online-view-link").click()
    page.wait_for_load_state("load")
    page.get_by_label("Vad vill du säga om tryggheten i centrum?").fill(text)
    page.get_by_label("Varje vecka").check()
    page.get_by_label("Belysning").check()
    page.get_by_label("Vakter").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Något mer?").fill("Gärna fler bänkar också.")
    page.locator("select[name=age_band]").select_option("45-64")
    page.locator("select[name=area]").select_option(label="Centrum")
    page.locator("#send-view").click()
    page.wait_for_load_state("load")
    assert page.locator("#thanks-heading").is_visible()


@pytest.mark.parametrize("javascript", [False, True])
def test_a_resident_gives_a_view(browser, live_server, open_form, javascript):
    dialogue, questions = open_form
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=javascript, locale="sv-SE"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _give_view(page, dialogue, VIEW)
    finally:
        context.close()
    submission = Submission.objects.get()
    assert submission.text == VIEW and submission.age_band == "45-64"
    assert submission.area.name == "Centrum"
    assert submission.scales.get().value == 4
    assert sorted(c.option.text for c in submission.choices.all()) == [
        "Belysning",
        "Vakter",
        "Varje vecka",
    ]


def test_a_bad_post_keeps_what_the_resident_wrote(browser, live_server, open_form):
    dialogue, _questions = open_form
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"/medborgare/dialoger/{dialogue.pk}/tyck-till/")
        page.locator("textarea[name=text]").fill(VIEW)
        page.locator("input[name=email]").fill("inte en adress")
        page.locator("#send-view").click()
        page.wait_for_load_state("load")
        assert page.locator("#form-errors").is_visible()
        assert page.locator("textarea[name=text]").input_value() == VIEW
    finally:
        context.close()
    assert not Submission.objects.exists()


@pytest.mark.parametrize("width", [1366, 320])
def test_the_form_is_accessible_without_sideways_scrolling(page, open_form, width):
    dialogue, _questions = open_form
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    for url in (
        f"/medborgare/dialoger/{dialogue.pk}/",
        f"/medborgare/dialoger/{dialogue.pk}/tyck-till/",
        f"/en/medborgare/dialoger/{dialogue.pk}/tyck-till/",
    ):
        response = page.goto(url)
        assert response.status == 200, url
        results = axe.run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, (url, width, results.generate_report())
        too_wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not too_wide, (url, width)


def test_the_official_moderates_and_reads_the_counts(page, login, open_form):
    from tests.participation.online_fixtures import submit

    dialogue, questions = open_form
    views = [
        submit(dialogue, questions, text=f"Synpunkt {n}: mer ljus vid torget.") for n in range(3)
    ]
    login(dialogue.responsible_official)
    page.goto(f"/publicering/{dialogue.pk}/")
    page.locator("#online-form-link").click()
    page.wait_for_load_state("load")
    page.locator("#nav-moderation").click()
    page.wait_for_load_state("load")
    assert page.locator("#online-queue > li").count() == 3
    page.locator(f"#accept-{views[0].pk}").click()
    page.wait_for_load_state("load")
    page.locator(f"#off-topic-{views[1].pk}").click()
    page.wait_for_load_state("load")
    page.locator(f"#reason-{views[2].pk}").fill("Namnger en granne.")
    page.locator(f"#hide-{views[2].pk}").click()
    page.wait_for_load_state("load")
    assert page.locator("#queue-empty").is_visible()
    assert dict(Submission.objects.values_list("pk", "status")) == {
        views[0].pk: "accepted",
        views[1].pk: "off_topic",
        views[2].pk: "hidden",
    }
    assert InputItem.objects.filter(dialogue=dialogue, source="web_form").count() == 2
    page.locator("#nav-results").click()
    page.wait_for_load_state("load")
    chart = page.locator(f"#question-result-{questions['single'].pk} svg[role=img]")
    assert chart.count() == 1
    assert "2" in page.locator("#results-counted").inner_text()

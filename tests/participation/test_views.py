import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from dialog.models import Activity, State
from participation import services
from tests.factories import make_dialogue, put_in_state

from .conftest import SUMMARY, publish

START = "/medborgare/"


def _detail(dialogue, prefix=""):
    return f"{prefix}/medborgare/dialoger/{dialogue.pk}/"


def _text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


# -- Anonymous access, the language, nothing per user -------------------------------------------


def test_anonymous_visitor_reads_the_start_page_and_a_dialogue(client, open_dialogue):
    publish(open_dialogue)
    start = client.get(START)
    assert start.status_code == 200
    assert open_dialogue.title in _text(start)
    page = client.get(_detail(open_dialogue))
    assert page.status_code == 200
    text = _text(page)
    assert open_dialogue.question in text and SUMMARY in text
    assert "Steg 5 av 9" in text and "Trygghetsvandring, kväll" in text
    assert "kommunen@exempelby.se" in text


@pytest.mark.parametrize("state", [State.INITIATIVE, State.PLANNING, State.EXECUTION, State.CLOSED])
def test_unpublished_dialogues_are_404_and_not_listed(client, dialogue, state):
    dialogue = put_in_state(dialogue, state)
    assert client.get(_detail(dialogue)).status_code == 404
    assert client.get(f"/medborgare/dialoger/{dialogue.pk}/kalender.ics").status_code == 404
    assert dialogue.title not in _text(client.get(START))


def test_unknown_dialogue_is_404(client, db):
    assert client.get("/medborgare/dialoger/999999/").status_code == 404


def test_unpublishing_takes_the_page_down_at_once(client, open_dialogue):
    publish(open_dialogue)
    assert client.get(_detail(open_dialogue)).status_code == 200
    assert open_dialogue.title in _text(client.get(START))
    services.unpublish(dialogue_id=open_dialogue.pk, user=open_dialogue.responsible_official)
    assert client.get(_detail(open_dialogue)).status_code == 404
    assert open_dialogue.title not in _text(client.get(START))


def test_public_pages_carry_no_csrf_token_cookie_or_user(client, cast, open_dialogue):
    publish(open_dialogue)
    client.force_login(cast.official)
    for url in (START, _detail(open_dialogue), "/medborgare/tillganglighet/"):
        response = client.get(url)
        html = response.content.decode()
        assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html
        assert cast.official.username not in html
        assert "Logga ut" not in html
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
        assert response["Cache-Control"].startswith("public")


def test_swedish_by_default_and_english_under_en(client, open_dialogue):
    publish(open_dialogue, summary_en="We want to know what makes you feel safe.")
    swedish = client.get(_detail(open_dialogue))
    english = client.get(_detail(open_dialogue, "/en"))
    assert '<html lang="sv">' in swedish.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert swedish["Content-Language"] == "sv" and english["Content-Language"] == "en"
    assert "Where the case stands" in _text(english)
    assert "We want to know what makes you feel safe." in _text(english)
    assert "Var ärendet står" in _text(swedish)
    # Each links to the other language's copy of the same page.
    assert f'href="/en/medborgare/dialoger/{open_dialogue.pk}/"' in swedish.content.decode()
    assert f'href="/medborgare/dialoger/{open_dialogue.pk}/"' in english.content.decode()


def test_the_language_cookie_does_not_change_a_public_page(client, open_dialogue):
    publish(open_dialogue)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="sv">' in client.get(_detail(open_dialogue)).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    assert '<html lang="en">' in client.get(_detail(open_dialogue, "/en")).content.decode()


def test_english_page_without_english_summary_says_so(client, open_dialogue):
    publish(open_dialogue)
    text = _text(client.get(_detail(open_dialogue, "/en")))
    assert "has no summary in English" in text and SUMMARY in text


# -- The cache follows every change ---------------------------------------------------------------


def test_a_changed_summary_shows_at_once(client, open_dialogue):
    publish(open_dialogue)
    assert SUMMARY in _text(client.get(_detail(open_dialogue)))
    services.update_details(
        dialogue_id=open_dialogue.pk,
        user=open_dialogue.responsible_official,
        summary="En helt ny sammanfattning.",
        cannot_influence="Inget.",
    )
    text = _text(client.get(_detail(open_dialogue)))
    assert "En helt ny sammanfattning." in text and SUMMARY not in text
    assert "En helt ny sammanfattning." in _text(client.get(START))


def test_a_change_in_the_case_shows_at_once(client, open_dialogue):
    """Dialog's own saves (an activity renamed, the question edited) drop the cached page."""
    publish(open_dialogue)
    first = client.get(_detail(open_dialogue)).content
    assert client.get(_detail(open_dialogue)).content == first  # served from the cache
    activity = Activity.objects.get(dialogue=open_dialogue)
    activity.title = "Trygghetsvandring flyttad till torget"
    activity.save()
    assert "Trygghetsvandring flyttad till torget" in _text(client.get(_detail(open_dialogue)))
    open_dialogue.refresh_from_db()
    open_dialogue.question = "Vad gör centrum tryggt för dig?"
    open_dialogue.save()
    assert "Vad gör centrum tryggt för dig?" in _text(client.get(_detail(open_dialogue)))


def test_a_page_is_served_from_the_cache_without_queries(
    client, open_dialogue, django_assert_max_num_queries
):
    publish(open_dialogue)
    client.get(_detail(open_dialogue))
    # One query: is the dialogue still published (a 404 is never cached).
    with django_assert_max_num_queries(1):
        assert client.get(_detail(open_dialogue)).status_code == 200


def test_start_page_is_served_from_the_cache_filtered_or_not(
    client, open_dialogue, area, django_assert_max_num_queries
):
    publish(open_dialogue, areas=[area])
    for query in ({}, {"area": area.pk}):
        client.get(START, query)
        # The filter form's choices are checked against the lists; nothing else is read.
        with django_assert_max_num_queries(1):
            assert open_dialogue.title in _text(client.get(START, query))


def test_another_dialogues_change_keeps_this_page_cached(client, cast, open_dialogue):
    from participation import cache

    publish(open_dialogue)
    client.get(_detail(open_dialogue))
    key = cache.page_key("detail", "sv", dialogue_id=open_dialogue.pk)
    other = make_dialogue(cast, title="En annan dialog")
    other.save()
    assert cache.page_key("detail", "sv", dialogue_id=open_dialogue.pk) == key


# -- The start page's filters ---------------------------------------------------------------------


def test_filters_by_area_topic_and_target_group(client, cast, open_dialogue, area, topic):
    publish(open_dialogue, areas=[area], topics=[topic])
    other = put_in_state(make_dialogue(cast, title="Biblioteket"), State.PLANNING)
    publish(other)
    other.target_groups.filter(group="children_young").update(included=False)
    everything = _text(client.get(START))
    assert open_dialogue.title in everything and "Biblioteket" in everything
    by_area = _text(client.get(START, {"area": area.pk}))
    assert open_dialogue.title in by_area and "Biblioteket" not in by_area
    by_topic = _text(client.get(START, {"topic": topic.pk}))
    assert open_dialogue.title in by_topic and "Biblioteket" not in by_topic
    by_group = _text(client.get(START, {"group": "children_young"}))
    assert open_dialogue.title in by_group and "Biblioteket" not in by_group


def test_start_page_groups_open_coming_and_finished(client, cast, open_dialogue, finished):
    publish(open_dialogue)
    publish(finished)
    coming = put_in_state(make_dialogue(cast, title="Kommande dialog"), State.LAUNCH_DECISION)
    publish(coming)
    soup = BeautifulSoup(client.get(START).content, "html.parser")

    def titles(section_id):
        section = soup.find(id=section_id).find_parent("section")
        return [a.get_text(strip=True) for a in section.select(".public-card__title a")]

    assert titles("open-heading") == [open_dialogue.title]
    assert titles("coming-heading") == ["Kommande dialog"]
    assert titles("finished-heading") == [finished.title]


@pytest.mark.parametrize("query", [{"area": "999"}, {"area": "x"}, {"group": "<script>"}])
def test_bad_filter_values_are_a_message_not_a_500(client, open_dialogue, query):
    publish(open_dialogue)
    response = client.get(START, query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]
    assert BeautifulSoup(response.content, "html.parser").select(".errorlist")


# -- After the compilation: results, decision, feedback and the action plan ------------------------


def test_what_happened_next(client, finished):
    publish(finished)
    text = _text(client.get(_detail(finished)))
    assert "Vad hände sen?" in text
    assert "Belysning färre än 5" in text  # 3 views: shown as fewer than five
    assert "Beslutet fattas enligt förslaget." in text
    assert "Bättre belysning och fler nattvandrare från hösten." in text
    assert "Byt belysning vid busstationen." in text and "Planerad" in text


def test_results_are_not_shown_before_they_are_presented(client, cast, open_dialogue):
    from tests.factories import add_inputs

    add_inputs(open_dialogue, 6)
    publish(open_dialogue)
    assert "Vad invånarna sa" not in _text(client.get(_detail(open_dialogue)))


def test_unpublished_resident_feedback_is_not_shown(client, finished):
    finished.resident_feedback.published_on = None
    finished.resident_feedback.save()
    publish(finished)
    assert "Bättre belysning och fler nattvandrare" not in _text(client.get(_detail(finished)))


# -- iCalendar ------------------------------------------------------------------------------------


def _unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_dialogue_calendar_file(client, open_dialogue):
    publish(open_dialogue)
    response = client.get(f"/medborgare/dialoger/{open_dialogue.pk}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    lines = _unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    assert "SUMMARY:Trygghetsvandring\\, kväll" in lines
    assert "LOCATION:Busstationen\\; perrong 2" in lines
    activity = Activity.objects.get(dialogue=open_dialogue)
    assert f"UID:activity-{activity.pk}@testserver" in lines
    assert any(re.fullmatch(r"DTSTART:\d{8}T\d{6}Z", line) for line in lines)
    assert any(line.startswith("DTSTAMP:") for line in lines)


def test_calendar_feed_holds_only_published_dialogues(client, cast, open_dialogue):
    publish(open_dialogue)
    hidden = put_in_state(make_dialogue(cast, title="Dold"), State.EXECUTION)
    from tests.factories import add_activity

    add_activity(hidden, title="Hemligt möte")
    body = client.get("/medborgare/kalender.ics").content.decode()
    assert "Trygghetsvandring" in body and "Hemligt möte" not in body
    assert body.count("BEGIN:VEVENT") == 1


# -- The accessibility statement and the privacy notice --------------------------------------------


def test_accessibility_statement(client, db):
    response = client.get("/medborgare/tillganglighet/")
    text = _text(response)
    assert response.status_code == 200
    assert "2018:1937" in text and "Myndigheten för digital förvaltning" in text
    assert "digg.se/tdosanmalan" in response.content.decode()
    assert "kommunen@exempelby.se" in text
    assert response.status_code == client.get("/en/medborgare/tillganglighet/").status_code


def test_privacy_notice(client, db):
    text = _text(client.get("/medborgare/personuppgifter/"))
    assert "6.1 e" in text and "Integritetsskyddsmyndigheten" in text


def test_footers_link_both_statements(client, cast, db):
    public = client.get(START).content.decode()
    client.force_login(cast.official)
    staff = client.get(reverse("dialog:dashboard")).content.decode()
    for html in (public, staff):
        assert 'href="/medborgare/tillganglighet/"' in html
        assert 'href="/medborgare/personuppgifter/"' in html


# -- The staff's publishing page ----------------------------------------------------------------


def test_official_publishes_from_the_staff_page(client, cast, open_dialogue, area):
    url = f"/publicering/{open_dialogue.pk}/"
    client.force_login(cast.official)
    page = client.get(url)
    assert page.status_code == 200 and "Inte publicerad" in _text(page)
    refused = client.post(url, {"action": "publish"})
    assert refused.status_code == 409
    assert "en sammanfattning på lätt svenska" in _text(refused)
    saved = client.post(
        url,
        {
            "action": "save",
            "summary": SUMMARY,
            "cannot_influence": "Budgeten.",
            "areas": [area.pk],
        },
    )
    assert saved.status_code == 302
    assert client.post(url, {"action": "publish"}).status_code == 302
    text = _text(client.get(url))
    assert "Publicerad" in text and cast.official.get_full_name() in text
    assert client.get(_detail(open_dialogue)).status_code == 200
    assert client.post(url, {"action": "unpublish"}).status_code == 302
    assert client.get(_detail(open_dialogue)).status_code == 404


def test_staff_page_keeps_typed_text_on_a_field_error(client, cast, open_dialogue):
    client.force_login(cast.official)
    response = client.post(
        f"/publicering/{open_dialogue.pk}/",
        {"action": "save", "summary": "y" * 2500, "cannot_influence": "Budgeten."},
    )
    assert response.status_code == 400
    assert "y" * 2500 in response.content.decode()


def test_a_politician_may_read_but_not_publish(client, cast, open_dialogue):
    client.force_login(cast.politician)
    url = f"/publicering/{open_dialogue.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "publish"}).status_code == 403


def test_staff_page_needs_a_log_in(client, open_dialogue):
    response = client.get(f"/publicering/{open_dialogue.pk}/")
    assert response.status_code == 302 and "/logga-in/" in response["Location"]

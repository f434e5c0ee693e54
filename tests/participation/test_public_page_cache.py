"""participation.middleware: the public dialogue page served from its cached copy in one round
trip to the cache, ahead of the session and the rest, and never once the copy is stale."""

from django.core.cache import cache as shared_cache

from dialog.models import Activity
from participation import cache, services

from .conftest import SUMMARY, publish


def _detail(dialogue, prefix=""):
    return f"{prefix}/medborgare/dialoger/{dialogue.pk}/"


def test_second_visit_is_served_from_the_copy_without_a_query(
    client, open_dialogue, django_assert_num_queries
):
    publish(open_dialogue)
    for prefix, language in (("", "sv"), ("/en", "en")):
        first = client.get(_detail(open_dialogue, prefix))
        assert first.status_code == 200
        with django_assert_num_queries(0):
            again = client.get(_detail(open_dialogue, prefix))
        assert again.status_code == 200
        assert again.content == first.content
        assert again["Content-Language"] == language
        assert again["Cache-Control"] == first["Cache-Control"]
        assert again["Cache-Control"].startswith("public")
        assert again["X-Frame-Options"] == "DENY"
        assert int(again["Content-Length"]) == len(again.content)
        assert "Content-Security-Policy" in again  # the CSP middleware runs before it
        assert not again.cookies and "Cookie" not in again.get("Vary", "")


def test_a_logged_in_official_gets_the_same_copy_and_no_cookie(
    client, cast, open_dialogue, django_assert_num_queries
):
    publish(open_dialogue)
    anonymous = client.get(_detail(open_dialogue)).content
    client.force_login(cast.official)
    with django_assert_num_queries(0):  # the session is never read
        response = client.get(_detail(open_dialogue))
    assert response.content == anonymous
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_unpublished_after_caching_is_404_at_once(client, open_dialogue):
    publish(open_dialogue)
    assert client.get(_detail(open_dialogue)).status_code == 200
    assert client.get(_detail(open_dialogue)).status_code == 200  # from the copy
    services.unpublish(dialogue_id=open_dialogue.pk, user=open_dialogue.responsible_official)
    assert client.get(_detail(open_dialogue)).status_code == 404


def test_a_change_in_the_case_is_served_at_once(client, open_dialogue):
    publish(open_dialogue)
    client.get(_detail(open_dialogue))
    activity = Activity.objects.get(dialogue=open_dialogue)
    activity.title = "Vandringen flyttad till torget"
    activity.save()
    assert "Vandringen flyttad till torget" in client.get(_detail(open_dialogue)).content.decode()


def test_a_moved_generation_makes_the_copy_stale(client, open_dialogue):
    publish(open_dialogue)
    client.get(_detail(open_dialogue))
    assert cache.cached_detail_page(open_dialogue.pk, "sv") is not None
    cache.bump()  # a change whose dialogue cannot be told: every page
    assert cache.cached_detail_page(open_dialogue.pk, "sv") is None
    assert client.get(_detail(open_dialogue)).status_code == 200
    assert cache.cached_detail_page(open_dialogue.pk, "sv") is not None


def test_the_copy_is_the_views_own(client, open_dialogue):
    """The middleware looks where the view stores: the slot of the view's key, with that key."""
    publish(open_dialogue)
    html = client.get(_detail(open_dialogue)).content.decode()
    key = cache.page_key("detail", "sv", dialogue_id=open_dialogue.pk, extra=cache.detail_extra())
    assert shared_cache.get(cache._slot(key)) == (key, html)
    assert cache.cached_detail_page(open_dialogue.pk, "sv") == html
    assert SUMMARY in html


def test_without_versions_in_the_cache_nothing_is_served(client, open_dialogue):
    publish(open_dialogue)
    client.get(_detail(open_dialogue))
    shared_cache.delete(cache.GENERATION)  # evicted: no version, no copy served
    assert cache.cached_detail_page(open_dialogue.pk, "sv") is None
    assert client.get(_detail(open_dialogue)).status_code == 200


def test_unknown_dialogue_and_staff_pages_pass_through(client, cast, db):
    assert client.get("/medborgare/dialoger/999999/").status_code == 404
    client.force_login(cast.official)
    assert client.get("/dialoger/").status_code == 200

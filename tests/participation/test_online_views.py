"""The online form's pages: a resident gives a view without JavaScript (plain posts), every bad
input is a 4xx with a message and stores nothing; the staff's set-up, moderation and results."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from dialog.models import InputItem, State
from participation import online_services as services
from participation.models import (
    VIEW_MAX_LENGTH,
    Area,
    ChoiceAnswer,
    OnlineForm,
    Question,
    Submission,
)
from tests.factories import put_in_state

from .conftest import publish
from .online_fixtures import VIEW, make_online, submit
from .online_fixtures import form_url as _form_url
from .online_fixtures import soup as _soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(open_dialogue):
    return make_online(open_dialogue)


def _post_data(client, dialogue, questions, **changes):
    """What a browser posts: the token from the page, the fields as filled in."""
    page = client.get(_form_url(dialogue))
    assert page.status_code == 200
    token = _soup(page).find("input", {"name": "token"})["value"]
    single = questions["single"].options.all()
    multiple = questions["multiple"].options.all()
    data = {
        "token": token,
        "text": VIEW,
        f"q{questions['single'].pk}": str(single[1].pk),
        f"q{questions['multiple'].pk}": [str(multiple[0].pk), str(multiple[2].pk)],
        f"q{questions['scale'].pk}": "2",
        f"q{questions['text'].pk}": "Fler papperskorgar.",
        "age_band": "65-79",
        "area": str(Area.objects.get(name="Centrum").pk),
        "respondent_type": "visitor",
        "email": "",
        "website": "",
    }
    data.update(changes)
    return data


# -- The public page and the form ------------------------------------------------------------


def test_the_public_page_links_to_the_form_while_it_is_open(client, online):
    dialogue, form, _questions = online
    page = _soup(client.get(f"/medborgare/dialoger/{dialogue.pk}/"))
    link = page.find(id="online-view-link")
    assert link is not None and link["href"] == _form_url(dialogue)
    services.close_form(dialogue_id=dialogue.pk, user=dialogue.responsible_official)
    page = _soup(client.get(f"/medborgare/dialoger/{dialogue.pk}/"))
    assert page.find(id="online-view-link") is None


def test_the_link_follows_the_dates_even_from_the_cache(client, online):
    dialogue, form, _questions = online
    OnlineForm.objects.filter(pk=form.pk).update(opens_on=timezone.localdate() + timedelta(days=1))
    # update() sends no signal: the day in the cache key is what hides the link tomorrow; the
    # form's own page checks the dates itself, now.
    response = client.get(_form_url(dialogue))
    assert response.status_code == 200 and _soup(response).find(id="online-refusal")
    assert _soup(response).find("form", id="online-view-form") is None


def test_the_form_page_is_never_cached_and_has_every_question(client, online):
    dialogue, _form, questions = online
    response = client.get(_form_url(dialogue))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    page = _soup(response)
    assert page.find("input", {"name": "csrfmiddlewaretoken"})
    assert uuid.UUID(page.find("input", {"name": "token"})["value"])
    for question in questions.values():
        assert page.find(attrs={"name": f"q{question.pk}"}), question.text
    assert len(page.find_all("input", {"name": f"q{questions['scale'].pk}", "type": "radio"})) == 5
    for name in ("age_band", "area", "respondent_type", "email", "text"):
        assert page.find(attrs={"name": name}), name
    honeypot = page.find("input", {"name": "website"})
    assert honeypot.find_parent("div").has_attr("hidden")
    assert page.find("a", href="/medborgare/personuppgifter/")
    assert not page.find("script")


def test_english_form(client, online):
    dialogue, _form, _questions = online
    response = client.get(_form_url(dialogue, "/en"))
    assert response.status_code == 200 and response["Content-Language"] == "en"
    assert "Give your view" in response.content.decode()


def test_a_resident_gives_a_view_with_a_plain_post(client, online):
    dialogue, _form, questions = online
    data = _post_data(client, dialogue, questions, email="greta@example.se")
    response = client.post(_form_url(dialogue), data)
    assert response.status_code == 302
    assert response["Location"] == f"/medborgare/dialoger/{dialogue.pk}/tyck-till/tack/"
    assert client.get(response["Location"]).status_code == 200
    submission = Submission.objects.get()
    assert submission.text == VIEW and submission.age_band == "65-79"
    assert submission.respondent_type == "visitor"
    assert ChoiceAnswer.objects.filter(submission=submission).count() == 3
    assert submission.scales.get().value == 2
    from participation.models import FeedbackSubscription

    assert FeedbackSubscription.objects.filter(dialogue=dialogue).count() == 1


def test_a_form_posted_twice_stores_one_view(client, online):
    dialogue, _form, questions = online
    data = _post_data(client, dialogue, questions)
    first = client.post(_form_url(dialogue), data)
    second = client.post(_form_url(dialogue), data)
    assert first.status_code == 302
    assert first["Location"] == f"/medborgare/dialoger/{dialogue.pk}/tyck-till/tack/"
    # The second: not the thanks again, and not an error: see tests/.../test_online_resend.py.
    assert second.status_code == 303
    assert second["Location"] == f"{_form_url(dialogue)}?mottagen=1"
    assert Submission.objects.count() == 1 and ChoiceAnswer.objects.count() == 3


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"text": "x" * (VIEW_MAX_LENGTH + 1)}, "text"),
        ({"text": ""}, "text"),
        ({"q_scale": "7"}, "scale"),
        ({"q_scale": "abc"}, "scale"),
        ({"q_single": "999999"}, "single"),
        ({"age_band": "200-300"}, "age_band"),
        ({"area": "not-a-number"}, "area"),
        ({"email": "inte en adress"}, "email"),
        ({"token": "not-a-uuid"}, "token"),
        ({"token": ""}, "token"),
    ],
)
def test_bad_input_is_a_400_with_the_field_and_stores_nothing(client, online, changes, field):
    dialogue, _form, questions = online
    data = _post_data(client, dialogue, questions)
    for key, value in changes.items():
        if key.startswith("q_"):
            key = f"q{questions[key[2:]].pk}"
        data[key] = value
    response = client.post(_form_url(dialogue), data)
    assert response.status_code == 400
    page = _soup(response)
    assert page.find(id="form-errors")
    # What the resident typed is kept (unless it was the over-long text itself).
    if field != "text":
        assert page.find("textarea", {"name": "text"}).get_text().strip() == VIEW
    assert not Submission.objects.exists() and not ChoiceAnswer.objects.exists()


def test_a_required_question_must_be_answered(client, online):
    dialogue, _form, questions = online
    Question.objects.filter(pk=questions["scale"].pk).update(required=True)
    data = _post_data(client, dialogue, questions)
    del data[f"q{questions['scale'].pk}"]
    assert client.post(_form_url(dialogue), data).status_code == 400
    assert not Submission.objects.exists()


def test_the_honeypot_refuses_with_a_message(client, online):
    dialogue, _form, questions = online
    data = _post_data(client, dialogue, questions, website="http://spam.example")
    response = client.post(_form_url(dialogue), data)
    assert response.status_code == 400 and _soup(response).find(id="online-refusal")
    assert not Submission.objects.exists()


def test_a_closed_form_refuses_a_post_with_409(client, online):
    dialogue, _form, questions = online
    data = _post_data(client, dialogue, questions)
    services.close_form(dialogue_id=dialogue.pk, user=dialogue.responsible_official)
    response = client.post(_form_url(dialogue), data)
    assert response.status_code == 409 and _soup(response).find(id="online-refusal")
    assert client.get(_form_url(dialogue)).status_code == 200  # says why, asks nothing
    assert not Submission.objects.exists()


def test_a_form_closing_between_page_and_post_is_409(client, online):
    dialogue, _form, questions = online
    data = _post_data(client, dialogue, questions)
    put_in_state(dialogue, State.COMPILATION)
    assert client.post(_form_url(dialogue), data).status_code == 409
    assert not Submission.objects.exists()


def test_an_unpublished_dialogue_or_no_form_is_404(client, cast, online):
    from participation import services as publishing

    dialogue, _form, questions = online
    data = _post_data(client, dialogue, questions)
    publishing.unpublish(dialogue_id=dialogue.pk, user=dialogue.responsible_official)
    assert client.get(_form_url(dialogue)).status_code == 404
    assert client.post(_form_url(dialogue), data).status_code == 404
    from tests.factories import make_dialogue

    other = put_in_state(make_dialogue(cast, title="Utan formulär"), State.EXECUTION)
    publish(other)
    assert client.get(_form_url(other)).status_code == 404
    assert client.get("/medborgare/dialoger/999999/tyck-till/").status_code == 404
    assert not Submission.objects.exists()


def test_a_flood_from_one_address_is_429_with_a_page(client, online, settings):
    settings.ONLINE_VIEW_RATE = "3/h"
    dialogue, _form, questions = online
    statuses = []
    for _ in range(5):
        client.cookies.clear()  # a robot keeps none (after a view the form says it was received)
        data = _post_data(client, dialogue, questions)
        statuses.append(client.post(_form_url(dialogue), data, REMOTE_ADDR="192.0.2.7").status_code)
    assert statuses == [302, 302, 302, 429, 429]
    refused = client.post(_form_url(dialogue), data, REMOTE_ADDR="192.0.2.7")
    assert _soup(refused).find(id="online-refusal")
    assert Submission.objects.count() == 3
    # Another address is not held back.
    data = _post_data(client, dialogue, questions)
    assert client.post(_form_url(dialogue), data, REMOTE_ADDR="192.0.2.8").status_code == 302


def test_a_huge_body_is_refused_without_a_500(client, online, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    dialogue, _form, questions = online
    data = _post_data(client, dialogue, questions, text="x" * 20_000)
    response = client.post(_form_url(dialogue), data)
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_residents_views_never_reach_the_public_pages(client, online):
    dialogue, _form, questions = online
    data = _post_data(client, dialogue, questions)
    assert client.post(_form_url(dialogue), data).status_code == 302
    submission = Submission.objects.get()
    services.accept(
        dialogue_id=dialogue.pk, submission_id=submission.pk, user=dialogue.responsible_official
    )
    put_in_state(dialogue, State.FEEDBACK)
    for url in (
        f"/medborgare/dialoger/{dialogue.pk}/",
        f"/en/medborgare/dialoger/{dialogue.pk}/",
        "/medborgare/",
        "/medborgare/oppna-data/dialoger.json",
        "/medborgare/oppna-data/dialoger.csv",
        "/medborgare/nyheter.atom",
        f"/medborgare/dialoger/{dialogue.pk}/tyck-till/",
        f"/medborgare/dialoger/{dialogue.pk}/tyck-till/tack/",
    ):
        body = client.get(url).content.decode()
        assert VIEW not in body and "Fler papperskorgar." not in body, url


# -- Staff pages ------------------------------------------------------------------------------


def test_the_official_sets_up_the_form_through_the_pages(client, open_dialogue):
    publish(open_dialogue)
    client.force_login(open_dialogue.responsible_official)
    url = f"/publicering/{open_dialogue.pk}/webbformular/"
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "action": "save",
            "intro": "Tyck till!",
            "view_label": "",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=7)).isoformat(),
            "ask_age": "on",
        },
    )
    assert response.status_code == 302
    response = client.post(url, {"action": "add_question", "kind": "single", "text": "Hur ofta?"})
    question = Question.objects.get()
    assert response["Location"] == f"{url}fragor/{question.pk}/"
    for text in ("Ofta", "Sällan"):
        assert (
            client.post(response["Location"], {"action": "add_option", "text": text}).status_code
            == 302
        )
    assert [o.text for o in question.options.all()] == ["Ofta", "Sällan"]
    assert client.post(url, {"action": "open"}).status_code == 302
    assert OnlineForm.objects.get().status == OnlineForm.Status.OPEN
    assert client.post(url, {"action": "open"}).status_code == 409
    page = _soup(client.get(url))
    assert page.find(id="close-form") and page.find(id="online-accepts").get_text() in ("ja", "yes")


def test_bad_dates_are_a_field_error(client, open_dialogue):
    client.force_login(open_dialogue.responsible_official)
    url = f"/publicering/{open_dialogue.pk}/webbformular/"
    today = timezone.localdate()
    response = client.post(
        url,
        {"action": "save", "opens_on": today.isoformat(), "closes_on": "2001-01-01"},
    )
    assert response.status_code == 400 and _soup(response).find(id="online-settings")
    response = client.post(url, {"action": "save", "opens_on": "igår", "closes_on": "x"})
    assert response.status_code == 400
    assert client.post(url, {"action": "bogus"}).status_code == 400
    assert not OnlineForm.objects.exists()


@pytest.mark.parametrize("who", ["politician", "clerk", "other_official"])
def test_others_read_but_cannot_change(client, cast, online, who):
    dialogue, _form, questions = online
    client.force_login(getattr(cast, who))
    url = f"/publicering/{dialogue.pk}/webbformular/"
    page = client.get(url)
    assert page.status_code == 200 and not _soup(page).find(id="close-form")
    assert client.post(url, {"action": "close"}).status_code == 403
    submission = submit(dialogue, questions)
    moderation = f"{url}moderering/"
    assert client.get(moderation).status_code == 200
    response = client.post(moderation, {"action": "accept", "submission": submission.pk})
    assert response.status_code == 403
    assert Submission.objects.get().status == Submission.Status.PENDING


def test_residents_and_strangers_do_not_reach_the_staff_pages(client, cast, online):
    dialogue, _form, _questions = online
    url = f"/publicering/{dialogue.pk}/webbformular/moderering/"
    assert client.get(url).status_code == 302  # to the log-in
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 403


def test_the_moderation_flow_on_the_queue_page(client, online):
    dialogue, _form, questions = online
    views = [submit(dialogue, questions, text=f"Synpunkt nummer {n} om torget.") for n in range(3)]
    client.force_login(dialogue.responsible_official)
    url = f"/publicering/{dialogue.pk}/webbformular/moderering/"
    page = _soup(client.get(url))
    assert len(page.select("#online-queue > li")) == 3
    assert "Synpunkt nummer 0 om torget." in page.get_text()
    assert client.post(url, {"action": "accept", "submission": views[0].pk}).status_code == 302
    assert client.post(url, {"action": "accept", "submission": views[0].pk}).status_code == 409
    assert client.post(url, {"action": "off_topic", "submission": views[1].pk}).status_code == 302
    refused = client.post(url, {"action": "hide", "submission": views[2].pk, "reason": ""})
    assert refused.status_code == 400
    assert (
        client.post(
            url, {"action": "hide", "submission": views[2].pk, "reason": "Reklam för en firma."}
        ).status_code
        == 302
    )
    assert client.post(url, {"action": "accept", "submission": "abc"}).status_code == 409
    statuses = dict(Submission.objects.values_list("pk", "status"))
    assert statuses == {views[0].pk: "accepted", views[1].pk: "off_topic", views[2].pk: "hidden"}
    assert InputItem.objects.filter(dialogue=dialogue, source="web_form").count() == 2
    hidden = _soup(client.get(url, {"status": "hidden"}))
    assert "Reklam för en firma." in hidden.get_text()
    assert _soup(client.get(url)).find(id="queue-empty")


def test_the_queue_reads_in_a_fixed_number_of_queries(
    client, online, django_assert_max_num_queries
):
    dialogue, _form, questions = online
    client.force_login(dialogue.responsible_official)
    url = f"/publicering/{dialogue.pk}/webbformular/moderering/"
    submit(dialogue, questions)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        submit(dialogue, questions)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert len(_soup(page).select("#online-queue > li")) == 7


def test_results_per_question_as_svg_and_table(client, online):
    dialogue, _form, questions = online
    user = dialogue.responsible_official
    for scale, choose in ((5, 0), (4, 0), (4, 1)):
        submission = submit(dialogue, questions, scale=scale, choose=choose)
        services.accept(dialogue_id=dialogue.pk, submission_id=submission.pk, user=user)
    waiting = submit(dialogue, questions, scale=1, choose=2)
    hidden = submit(dialogue, questions, scale=1, choose=2)
    services.hide(dialogue_id=dialogue.pk, submission_id=hidden.pk, user=user, reason="Spam")
    client.force_login(user)
    response = client.get(f"/publicering/{dialogue.pk}/webbformular/resultat/")
    assert response.status_code == 200
    page = _soup(response)
    single = page.find(id=f"question-result-{questions['single'].pk}")
    rows = {tr.th.get_text(): tr.td.get_text() for tr in single.select("tbody tr")}
    assert rows == {"Varje dag": "2", "Varje vecka": "1", "Sällan": "0"}
    assert single.find("svg", attrs={"role": "img"})
    scale = page.find(id=f"question-result-{questions['scale'].pk}")
    rows = {tr.th.get_text(): tr.td.get_text() for tr in scale.select("tbody tr")}
    assert rows == {"1": "0", "2": "0", "3": "0", "4": "2", "5": "1"}
    assert "4,3" in scale.get_text() or "4.3" in scale.get_text()
    multiple = page.find(id=f"question-result-{questions['multiple'].pk}")
    rows = {tr.th.get_text(): tr.td.get_text() for tr in multiple.select("tbody tr")}
    assert rows == {"Belysning": "3", "Fler bänkar": "3", "Vakter": "0"}
    assert re.search(r"\b3\b", page.find(id="results-counted").get_text())
    assert waiting.status == Submission.Status.PENDING


def test_results_read_in_a_fixed_number_of_queries(client, online, django_assert_max_num_queries):
    dialogue, _form, questions = online
    user = dialogue.responsible_official
    client.force_login(user)
    url = f"/publicering/{dialogue.pk}/webbformular/resultat/"
    submission = submit(dialogue, questions)
    services.accept(dialogue_id=dialogue.pk, submission_id=submission.pk, user=user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        submission = submit(dialogue, questions)
        services.accept(dialogue_id=dialogue.pk, submission_id=submission.pk, user=user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_links_from_the_publishing_page_and_the_dialogue_panels(client, online):
    dialogue, _form, _questions = online
    client.force_login(dialogue.responsible_official)
    setup = f"/publicering/{dialogue.pk}/webbformular/"
    publishing = _soup(client.get(f"/publicering/{dialogue.pk}/"))
    assert publishing.find(id="online-form-link")["href"] == setup
    page = _soup(client.get(dialogue.get_absolute_url()))
    assert page.find(id="online-form-link")["href"] == setup
    put_in_state(dialogue, State.COMPILATION)
    page = _soup(client.get(dialogue.get_absolute_url()))
    assert page.find(id="online-results-link")["href"] == f"{setup}resultat/"


def test_the_privacy_notice_tells_about_the_online_form(client, db):
    page = _soup(client.get("/medborgare/personuppgifter/"))
    assert page.find(id="online-views-privacy")

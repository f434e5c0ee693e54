"""The same online form sent twice: the back button, a reload, a double click. The view is
stored once, the resident is told it was received (never a bare error), and a resident who wants
to give another answer gets a fresh form."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import Conflict
from participation import online_services as services
from participation.models import Area, OnlineForm, Submission
from participation.online_views import SENT_COOKIE, SENT_COOKIE_SECONDS

from .online_fixtures import VIEW, answers, make_online
from .online_fixtures import form_url as _form_url
from .online_fixtures import soup as _soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(open_dialogue):
    return make_online(open_dialogue)


def _token(response) -> str:
    return _soup(response).find("input", {"name": "token"})["value"]


def _data(token, questions, **changes):
    single = questions["single"].options.all()
    data = {
        "token": token,
        "text": VIEW,
        f"q{questions['single'].pk}": str(single[1].pk),
        f"q{questions['scale'].pk}": "2",
        "age_band": "65-79",
        "area": str(Area.objects.get(name="Centrum").pk),
        "email": "",
        "website": "",
    }
    data.update(changes)
    return data


def _send(client, dialogue, questions, url=None, **changes):
    page = client.get(url or _form_url(dialogue))
    assert page.status_code == 200
    data = _data(_token(page), questions, **changes)
    return data, client.post(url or _form_url(dialogue), data)


def _is_received_page(response, dialogue):
    page = _soup(response)
    assert response.status_code == 200
    assert page.find(id="received-heading")
    assert page.find("form", id="online-view-form") is None
    assert page.find("a", id="back-to-dialogue")["href"] == f"/medborgare/dialoger/{dialogue.pk}/"
    assert "no-store" in response["Cache-Control"]
    return page


def test_a_form_sent_again_says_the_view_was_received(client, online):
    dialogue, _form, questions = online
    data, first = _send(client, dialogue, questions)
    assert first.status_code == 302 and first["Location"].endswith("/tyck-till/tack/")
    again = client.post(_form_url(dialogue), data)
    # 303 and a page got by GET: the view is stored, so nothing went wrong for the resident to
    # mend (no 4xx), and reloading that page posts nothing.
    assert again.status_code == 303
    page = _is_received_page(client.get(again["Location"]), dialogue)
    assert page.find(id="received-resent")
    assert Submission.objects.count() == 1


def test_a_form_sent_again_with_changes_keeps_the_first_view(client, online):
    dialogue, _form, questions = online
    data, _first = _send(client, dialogue, questions)
    data["text"] = "Ändrat efter att jag skickat."
    again = client.post(_form_url(dialogue), data, follow=True)
    assert again.redirect_chain[-1][1] == 303
    _is_received_page(again, dialogue)
    assert list(Submission.objects.values_list("text", flat=True)) == [VIEW]


def test_a_form_sent_again_without_cookies_still_gets_the_page(client, online):
    dialogue, _form, questions = online
    data, _first = _send(client, dialogue, questions)
    client.cookies.clear()
    again = client.post(_form_url(dialogue), data, follow=True)
    _is_received_page(again, dialogue)
    assert Submission.objects.count() == 1


def test_sent_again_after_the_form_closed_or_the_limit_is_still_received(client, online, settings):
    dialogue, _form, questions = online
    data, _first = _send(client, dialogue, questions)
    services.close_form(dialogue_id=dialogue.pk, user=dialogue.responsible_official)
    assert client.post(_form_url(dialogue), data).status_code == 303
    settings.ONLINE_VIEW_RATE = "1/h"
    assert client.post(_form_url(dialogue), data).status_code == 303
    assert Submission.objects.count() == 1


def test_the_back_button_shows_the_received_page_and_another_answer_is_a_fresh_form(client, online):
    dialogue, _form, questions = online
    _data_, first = _send(client, dialogue, questions)
    cookie = client.cookies[SENT_COOKIE]
    assert cookie["path"] == _form_url(dialogue)
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == SENT_COOKIE_SECONDS
    thanks = _soup(client.get(first["Location"]))
    another = thanks.find("a", id="another-answer")["href"]
    assert another == f"{_form_url(dialogue)}?ny={cookie.value}"
    # Back: the browser loads the form again (it is never cached) and would fill the old answer
    # in; the page says the view was received and offers a new form instead.
    back = client.get(_form_url(dialogue))
    page = _is_received_page(back, dialogue)
    assert page.find(id="received-resent") is None
    assert page.find("a", id="another-answer")["href"] == another
    # Another answer: a new token, an empty form, stored as a view of its own.
    fresh = client.get(another)
    assert fresh.status_code == 200 and _soup(fresh).find("form", id="online-view-form")
    assert _soup(fresh).find("textarea", {"name": "text"}).get_text().strip() == ""
    second = client.post(another, _data(_token(fresh), questions, text="Ett till svar."))
    assert second.status_code == 302
    assert Submission.objects.count() == 2
    # Back from that one: the older link no longer gives a fresh form.
    assert client.get(another).status_code == 200
    _is_received_page(client.get(another), dialogue)


def test_the_cookie_is_for_the_form_of_its_own_dialogue_and_language(client, online):
    # A browser sends it only under the form's own address (the test client sends every cookie,
    # so the path is what is checked).
    dialogue, _form, questions = online
    _data_, response = _send(client, dialogue, questions, url=_form_url(dialogue, "/en"))
    assert response.status_code == 302
    assert client.cookies[SENT_COOKIE]["path"] == _form_url(dialogue, "/en")


def test_a_token_of_another_dialogues_form_is_refused(client, online, cast):
    from tests.factories import make_dialogue, put_in_state

    from .conftest import publish
    from .online_fixtures import build_form

    dialogue, _form, questions = online
    other = put_in_state(make_dialogue(cast, title="Ett annat samråd"), dialogue.state)
    publish(other)
    _other_form, other_questions = build_form(other)
    used = services.submit(
        dialogue_id=other.pk, token=uuid.uuid4(), answers=answers(other_questions)
    )[0].token
    with pytest.raises(Conflict):
        services.submit(dialogue_id=dialogue.pk, token=used, answers=answers(questions))
    response = client.post(_form_url(dialogue), _data(str(used), questions))
    assert response.status_code == 409 and _soup(response).find(id="online-refusal")
    assert Submission.objects.filter(dialogue=dialogue).count() == 0


def test_submit_says_whether_it_stored(online):
    dialogue, _form, questions = online
    token = uuid.uuid4()
    first, stored = services.submit(
        dialogue_id=dialogue.pk, token=token, answers=answers(questions)
    )
    again, stored_again = services.submit(
        dialogue_id=dialogue.pk, token=token, answers=answers(questions, text="Annat.")
    )
    assert stored and not stored_again and again.pk == first.pk
    assert services.already_received(dialogue_id=dialogue.pk, token=token)
    assert not services.already_received(dialogue_id=dialogue.pk, token="inte-en-uuid")
    assert not services.already_received(dialogue_id=dialogue.pk, token=uuid.uuid4())


def test_a_bad_post_keeps_every_value_with_the_error_at_its_field(client, online):
    dialogue, _form, questions = online
    _data_, response = _send(client, dialogue, questions, email="inte en adress")
    assert response.status_code == 400
    page = _soup(response)
    assert page.find("textarea", {"name": "text"}).get_text().strip() == VIEW
    assert page.find("input", {"name": "email"})["value"] == "inte en adress"
    checked = page.find("input", {"name": f"q{questions['scale'].pk}", "checked": True})
    assert checked["value"] == "2"
    assert page.find("select", {"name": "age_band"}).find("option", selected=True)["value"] == (
        "65-79"
    )
    field = page.find("input", {"name": "email"}).find_parent("div", class_="field")
    assert "field--error" in field["class"] and field.find(class_="errorlist")
    assert page.find(id="form-errors").find("a", href="#id_email")
    # The token is kept too: the corrected form is the same form, stored once.
    assert _token(response) == _data_["token"]
    assert "no-store" in response["Cache-Control"]
    assert not Submission.objects.exists()


def test_a_form_not_yet_open_sent_again_stores_nothing(client, online):
    dialogue, form, questions = online
    data, _first = _send(client, dialogue, questions)
    OnlineForm.objects.filter(pk=form.pk).update(opens_on=timezone.localdate() + timedelta(days=1))
    assert client.post(_form_url(dialogue), data).status_code == 303
    assert Submission.objects.count() == 1


def test_the_privacy_notice_tells_about_the_second_cookie(client, db):
    text = _soup(client.get("/en/medborgare/personuppgifter/")).get_text(" ")
    assert f"for {SENT_COOKIE_SECONDS // 60} minutes and only for that form" in text

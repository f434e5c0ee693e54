"""The log-in and password-change forms name the field a required message is about, as every
other form does (core.forms.ChooseLabelMixin, which includes RequiredMessagesMixin)."""

import pytest
from django.urls import reverse

from tests.helpers import login, texts

pytestmark = pytest.mark.django_db


def test_an_empty_login_names_both_fields(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert response.status_code == 200
    found = texts(response.content.decode(), ".error-summary__list li")
    assert found == ["Fyll i användarnamn", "Fyll i lösenord"]


def test_a_login_with_the_password_left_out_keeps_the_username(client, cast):
    response = client.post(reverse("login"), {"username": cast.official.username, "password": ""})
    page = response.content.decode()
    assert texts(page, ".error-summary__list li") == ["Fyll i lösenord"]
    assert f'value="{cast.official.username}"' in page


def test_an_empty_password_change_names_each_field(client, cast):
    login(client, cast.official)
    response = client.post(reverse("password_change"), {})
    assert response.status_code == 200
    found = texts(response.content.decode(), ".error-summary__list li")
    assert found == [
        "Fyll i gammalt lösenord",
        "Fyll i nytt lösenord",
        "Fyll i bekräfta nytt lösenord",
    ]

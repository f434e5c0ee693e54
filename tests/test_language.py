"""The interface is Swedish unless the user chooses English in the app."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_swedish_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "sv"
    assert '<html lang="sv"' in response.content.decode()


@pytest.mark.django_db
def test_english_when_chosen_with_the_language_switch(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="sv")
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en"' in response.content.decode()

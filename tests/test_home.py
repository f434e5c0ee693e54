"""The site's root: a resident lands on the public pages, a logged-in person on the dashboard."""

import pytest
from django.urls import reverse

from tests.helpers import login

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_at_the_root_is_sent_to_the_public_start_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("public:start")
    # The public start page offers the staff's log-in.
    assert reverse("login") in client.get(reverse("public:start")).content.decode()


def test_a_logged_in_person_at_the_root_gets_the_dashboard(client, cast):
    response = login(client, cast.official).get("/")
    assert response.status_code == 200
    assert reverse("dialog:dashboard") == "/"
    assert "dialog/dashboard.html" in [t.name for t in response.templates]

"""The demo's online form: 'Mötesplatser för unga' open for views, with answers accepted,
off-topic, waiting and hidden, and its link on the public page."""

import pytest
from bs4 import BeautifulSoup

from dialog.models import InputItem
from participation import online_demo
from participation.models import OnlineForm, Submission

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_form_with_moderated_and_waiting_answers(demo, client):
    form = OnlineForm.objects.select_related("dialogue").get()
    assert form.dialogue.title == online_demo.TITLE
    assert form.accepts_answers()
    assert [q.kind for q in form.questions.all()] == ["single", "multiple", "scale", "text"]
    statuses = list(Submission.objects.values_list("status", flat=True))
    assert statuses.count("accepted") == 4 and statuses.count("off_topic") == 1
    assert statuses.count("pending") == 3 and statuses.count("hidden") == 1
    web = InputItem.objects.filter(dialogue=form.dialogue, source="web_form")
    assert web.count() == 5 and web.filter(created_by__isnull=True).count() == 5
    page = BeautifulSoup(
        client.get(f"/medborgare/dialoger/{form.dialogue_id}/").content, "html.parser"
    )
    assert page.find(id="online-view-link")
    assert client.get(f"/medborgare/dialoger/{form.dialogue_id}/tyck-till/").status_code == 200


def test_running_the_demo_again_leaves_the_form_as_it_is(demo):
    assert online_demo.build() is None
    assert OnlineForm.objects.count() == 1 and Submission.objects.count() == 9

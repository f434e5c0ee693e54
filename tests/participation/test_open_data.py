"""Open data: JSON, CSV and the Atom feed parse, hold only published dialogues, aggregates only,
no personal data, and counts of 1 to 4 empty with a flag."""

import csv
import io
import json
import xml.etree.ElementTree as ET

from django.contrib.auth import get_user_model

from dialog.models import InputItem, State
from tests.factories import make_dialogue, put_in_state

from .conftest import publish

JSON_URL = "/medborgare/oppna-data/dialoger.json"
CSV_URL = "/medborgare/oppna-data/dialoger.csv"
ATOM_URL = "/medborgare/nyheter.atom"


def _personal_data():
    for person in get_user_model().objects.all():
        yield person.email
        if len(person.get_full_name().strip()) > 3:
            yield person.get_full_name().strip()


def test_json_holds_published_dialogues_aggregates_only(client, cast, finished, open_dialogue):
    publish(finished)
    hidden = put_in_state(make_dialogue(cast, title="Opublicerad dialog"), State.EXECUTION)
    response = client.get(JSON_URL)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    [row] = document["dialogues"]
    assert row["id"] == finished.pk and row["status"] == "finished"
    assert row["url"] == f"http://testserver/medborgare/dialoger/{finished.pk}/"
    # Three views within the purpose: fewer than five, held back and flagged.
    assert row["views_within_purpose"] is None and row["views_within_purpose_suppressed"] is True
    assert row["themes"] == [{"theme": "Belysning", "views": None, "views_suppressed": True}]
    assert row["decided_on"] and row["feedback_published_on"] and row["actions"] == 1
    body = response.content.decode()
    assert hidden.title not in body
    for value in _personal_data():
        assert value not in body, value
    for text in InputItem.objects.values_list("text", flat=True):
        assert text not in body


def test_counts_of_five_or_more_are_given(client, finished):
    from tests.factories import add_inputs

    theme = finished.themes.get()
    for item in add_inputs(finished, 3, within_purpose=True):
        item.themes.add(theme)
    publish(finished)
    row = json.loads(client.get(JSON_URL).content)["dialogues"][0]
    assert row["views_within_purpose"] == 6 and row["views_within_purpose_suppressed"] is False
    assert row["themes"] == [{"theme": "Belysning", "views": 6, "views_suppressed": False}]


def test_no_results_before_they_are_presented(client, open_dialogue):
    from tests.factories import add_inputs

    add_inputs(open_dialogue, 8)
    publish(open_dialogue)
    row = json.loads(client.get(JSON_URL).content)["dialogues"][0]
    assert row["views_within_purpose"] is None and row["themes"] == []
    assert row["views_within_purpose_suppressed"] is False


def test_csv_parses_with_one_row_per_dialogue(client, finished, open_dialogue, area):
    publish(finished, areas=[area])
    publish(open_dialogue, summary='=HYPERLINK("http://example.com")')
    response = client.get(CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["title"] for r in rows} == {finished.title, open_dialogue.title}
    done = next(r for r in rows if r["id"] == str(finished.pk))
    assert done["views_within_purpose"] == "" and done["views_within_purpose_suppressed"] == "1"
    assert done["areas"] == "Centrum"
    formula = next(r for r in rows if r["id"] == str(open_dialogue.pk))
    assert formula["summary"].startswith("'=")
    body = response.content.decode()
    for value in _personal_data():
        assert value not in body, value


def test_atom_feed_lists_new_dialogues_and_published_feedback(client, finished, open_dialogue):
    publish(finished)
    publish(open_dialogue)
    response = client.get(ATOM_URL)
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert f"Ny dialog: {finished.title}" in titles
    assert f"Ny dialog: {open_dialogue.title}" in titles
    assert f"Vad hände sen: {finished.title}" in titles
    body = response.content.decode()
    for value in _personal_data():
        assert value not in body, value


def test_open_data_follows_unpublishing(client, open_dialogue):
    from participation import services

    publish(open_dialogue)
    assert len(json.loads(client.get(JSON_URL).content)["dialogues"]) == 1
    services.unpublish(dialogue_id=open_dialogue.pk, user=open_dialogue.responsible_official)
    assert json.loads(client.get(JSON_URL).content)["dialogues"] == []
    assert open_dialogue.title not in client.get(CSV_URL).content.decode()

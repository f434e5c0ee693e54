"""Register extract and erasure (GDPR art. 15 and 17, issue 15): reports:personal_data."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from core.models import PersonalDataRequest
from core.personal_data import email_hash, normalise_email
from dialog.models import Dialogue, InputItem
from participation.models import FeedbackSubscription, OnlineForm, Submission
from tests.factories import add_inputs, make_dialogue, make_person, make_superuser
from tests.helpers import html, login, parse

ADDRESS = "anna.svensson@exempel.se"
TYPED = "  Anna.Svensson @EXEMPEL.se "
PAGE = reverse("reports:personal_data")
ERASE = reverse("reports:personal_data_erase")


def extract_url(fmt):
    return reverse("reports:personal_data_extract", args=[fmt])


@pytest.fixture
def stored(cast, dialogue):
    """The address in every place: a feedback subscription, an input's text (and its history),
    a view given online, and an official's account."""
    FeedbackSubscription.objects.create(dialogue=dialogue, email="Anna.Svensson@exempel.se")
    add_inputs(dialogue, 1, text=f"Mer ljus. Mvh Anna, {ADDRESS.upper()}")
    form = OnlineForm.objects.create(
        dialogue=dialogue,
        opens_on=date(2026, 1, 1),
        closes_on=date(2026, 2, 1),
        created_by=cast.official,
    )
    Submission.objects.create(form=form, dialogue=dialogue, text=f"Svara till {ADDRESS}")
    official = make_person(username="anna.official")
    official.email = ADDRESS
    official.save()
    return dialogue


def places_found(page) -> dict[str, int]:
    soup = parse(page)
    return {
        section["id"]: len(section.select("tbody tr"))
        for section in soup.select("#findings section.place")
    }


def test_normalising_takes_away_case_and_spaces():
    assert normalise_email(TYPED) == ADDRESS
    assert email_hash(TYPED) == email_hash(ADDRESS)


def test_a_registrar_finds_the_address_in_every_place(client, cast, stored):
    response = login(client, cast.clerk).post(PAGE, {"email": TYPED})
    assert response.status_code == 200
    assert places_found(html(response)) == {
        "place-coreuser_account": 1,
        "place-dialoginput_text": 2,  # the input and its history row
        "place-participationfeedback_address": 1,
        "place-participationonline_text": 2,  # the view and its history row
    }
    logged = PersonalDataRequest.objects.get()
    assert logged.action == "search" and logged.requested_by == cast.clerk
    assert logged.email_hash == email_hash(ADDRESS)
    assert logged.found["participation.feedback_address"] == 1
    assert ADDRESS not in str(logged.__dict__)  # the log keeps the hash only


def test_an_invalid_address_is_a_field_error(client, cast, stored):
    for typed in ["anna.svensson", "anna@", "", "a b@c"]:
        response = login(client, cast.clerk).post(PAGE, {"email": typed})
        assert response.status_code == 400
        assert "email" in response.context["form"].errors
    assert not PersonalDataRequest.objects.exists()


def test_the_csv_extract_lists_every_finding(client, cast, stored):
    response = login(client, cast.clerk).post(extract_url("csv"), {"email": TYPED})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 6
    values = " ".join(row[2] for row in rows[1:])
    assert values.lower().count(ADDRESS) == 6
    assert PersonalDataRequest.objects.get().action == "extract_csv"


def test_the_pdf_extract_reads_back(client, cast, stored):
    response = login(client, cast.clerk).post(extract_url("pdf"), {"email": TYPED})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert ADDRESS in text
    assert stored.title in text
    assert "anna.official" in text
    assert PersonalDataRequest.objects.get().action == "extract_pdf"


def test_an_unknown_extract_format_is_not_found(client, cast, stored):
    assert login(client, cast.clerk).post(extract_url("xlsx"), {"email": ADDRESS}).status_code == (
        404
    )


def test_erasure_needs_the_confirmation(client, cast, stored):
    response = login(client, cast.clerk).post(ERASE, {"erase-email": TYPED})
    assert response.status_code == 400
    assert "confirm" in response.context["erasure_form"].errors
    assert FeedbackSubscription.objects.exists()
    assert not PersonalDataRequest.objects.filter(action="erasure").exists()


def test_erasure_deletes_the_address_keeps_the_case_records_and_is_logged(client, cast, stored):
    inputs = InputItem.all_objects.count()
    response = login(client, cast.clerk).post(ERASE, {"erase-email": TYPED, "erase-confirm": "on"})
    assert response.status_code == 200
    assert not FeedbackSubscription.objects.exists()
    assert InputItem.all_objects.count() == inputs and Submission.objects.count() == 1
    assert Dialogue.objects.filter(pk=stored.pk).exists()
    logged = PersonalDataRequest.objects.get(action="erasure")
    assert logged.erased == {"participation.feedback_address": 1}
    assert logged.kept == {
        "core.user_account": 1,
        "dialog.input_text": 1,
        "dialog.input_text.history": 1,
        "participation.online_text": 1,
        "participation.online_text.history": 1,
    }
    page = parse(html(response))
    assert page.select_one("#erasure-result") is not None
    assert page.select_one("#nothing-to-erase") is not None


def test_erasing_an_invalid_address_is_a_field_error(client, cast, stored):
    response = login(client, cast.clerk).post(
        ERASE, {"erase-email": "inte en adress", "erase-confirm": "on"}
    )
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert FeedbackSubscription.objects.exists()


# -- Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("clerk", True),  # secretary and registrar of KS
        ("official", False),
        ("politician", False),
        ("other_clerk", False),  # a committee secretary who is no registrar
        ("other_official", False),
        ("outsider", False),
    ],
)
def test_only_registrars_and_administrators_may(client, cast, stored, who, allowed):
    login(client, cast.everyone()[who])
    expected = 200 if allowed else 403
    assert client.get(PAGE).status_code == expected
    assert client.post(PAGE, {"email": ADDRESS}).status_code == expected
    assert client.post(extract_url("csv"), {"email": ADDRESS}).status_code == expected
    response = client.post(ERASE, {"erase-email": ADDRESS, "erase-confirm": "on"})
    assert response.status_code == expected
    assert FeedbackSubscription.objects.exists() is not allowed
    menu = parse(html(client.get(reverse("dialog:dashboard"))))
    assert bool(menu.select(f'.site-nav a[href="{PAGE}"]')) is allowed


def test_an_administrator_may(client, stored):
    login(client, make_superuser())
    assert client.post(PAGE, {"email": ADDRESS}).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_address_never_goes_into_a_url(client, cast, stored):
    page = html(login(client, cast.clerk).post(PAGE, {"email": ADDRESS}))
    for form in parse(page).select("form"):
        assert form["method"] == "post"
        assert ADDRESS not in form.get("action", "")


# -- Queries ------------------------------------------------------------------------------------


def test_queries_do_not_grow_with_the_findings(client, cast):
    login(client, cast.clerk)

    def queries(n):
        for i in range(n):
            dialogue = make_dialogue(cast, title=f"Dialog {n}-{i}")
            FeedbackSubscription.objects.create(dialogue=dialogue, email=f"x{n}@exempel.se")
            add_inputs(dialogue, 1, text=f"Mvh x{n}@exempel.se")
        with CaptureQueriesContext(connection) as captured:
            assert client.post(PAGE, {"email": f"x{n}@exempel.se"}).status_code == 200
        return len(captured)

    assert queries(2) == queries(8)

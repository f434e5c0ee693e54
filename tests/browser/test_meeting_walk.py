"""A body's meeting clicked through in Chromium (issue 12): the committee secretary creates the
meeting and puts two waiting decision points on its agenda; a politician of the body finds the
meeting on the dashboard, opens the agenda and a point's decision basis PDF; the secretary
records both outcomes from the minutes with their §, then the justering and the anslag; the
appeal period shows."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from dialog.models import Dialogue, State
from roles.models import Meeting
from tests.factories import Cast, make_dialogue
from tests.helpers import advance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting():
    cast = Cast()
    mandate = advance(make_dialogue(cast, title="Trygghet i centrum"), cast, State.MANDATE_DECISION)
    final = advance(make_dialogue(cast, title="Lekplats i Norrby"), cast, State.DECISION)
    return cast, mandate, final


def test_a_meeting_from_agenda_to_appeal_period_in_chromium(page, login, waiting):
    cast, mandate, final = waiting
    today = timezone.localdate()

    # The secretary creates today's meeting and puts both waiting points on its agenda.
    login(cast.clerk)
    page.goto("/sammantraden/nytt/")
    page.select_option("select[name=body]", str(cast.body.pk))
    page.fill("input[name=held_on]", today.isoformat())
    page.fill("input[name=place]", "Kommunhuset, KS-salen")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url("**/sammantraden/*/")
    meeting = Meeting.objects.latest("pk")  # advance() met today too, at another meeting
    for dialogue in (mandate, final):
        page.select_option("#agenda-add select[name=dialogue]", str(dialogue.pk))
        page.locator("#agenda-add button[type=submit]").click()
        page.wait_for_load_state("load")
    agenda = page.locator("#agenda tbody").inner_text()
    assert "Trygghet i centrum" in agenda and "Lekplats i Norrby" in agenda

    # A politician of the body finds it on the dashboard and opens the agenda and a PDF.
    login(cast.politician)
    page.goto("/")
    page.locator(f"#upcoming-meetings a[href='/sammantraden/{meeting.pk}/']").click()
    page.wait_for_url(f"**/sammantraden/{meeting.pk}/")
    link = page.locator("#agenda-item-1 a.decision-basis")
    pdf = page.request.get(link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    words = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.body())).pages)
    assert "Trygghet i centrum" in words
    assert not page.locator("#record-minutes").count()

    # The secretary records both outcomes in one form, with their §.
    login(cast.clerk)
    page.goto(f"/sammantraden/{meeting.pk}/")
    page.click("#record-minutes")
    page.wait_for_url(f"**/sammantraden/{meeting.pk}/protokoll/")
    items = {i.dialogue_id: i.pk for i in meeting.agenda_items.all()}
    for dialogue, outcome, paragraph, text in (
        (mandate, "approved", "41", "Uppdraget ges enligt förslaget."),
        (final, "tabled", "42", "Ärendet bordläggs till nästa sammanträde."),
    ):
        pk = items[dialogue.pk]
        page.select_option(f"select[name=outcome_{pk}]", outcome)
        page.fill(f"input[name=paragraph_{pk}]", paragraph)
        page.fill(f"textarea[name=text_{pk}]", text)
    page.locator("#minutes-form button[type=submit]").click()
    page.wait_for_url(f"**/sammantraden/{meeting.pk}/")
    assert Dialogue.objects.get(pk=mandate.pk).state == State.PLANNING
    assert Dialogue.objects.get(pk=final.pk).state == State.DECISION  # tabled: still waiting
    assert sorted(meeting.decisions.values_list("paragraph", "outcome")) == [
        ("41", "approved"),
        ("42", "tabled"),
    ]
    assert "§ 41" in page.locator("#agenda-item-1").inner_text()

    # The justering and the anslag; the appeal period runs three weeks from the anslag.
    page.click("#record-adjustment")
    page.fill("input[name=adjusted_on]", today.isoformat())
    page.fill("input[name=posted_on]", today.isoformat())
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**/sammantraden/{meeting.pk}/")
    appeal = page.locator("#appeal-period").inner_text()
    assert (today + timedelta(weeks=3)).isoformat() in appeal
    assert (today + timedelta(weeks=3, days=1)).isoformat() in appeal

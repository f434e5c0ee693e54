"""Small counts (issue 15, item 4): counts of people by age band, gender and area print "fewer than
5" for 1 to 4 in the PDFs (the dialogue report, the decision basis's memo, the yearly follow-up),
read back with pypdf; counts of 5 and more print as they are; the open-data CSV leaves a small
count empty with its flag; the compilation grid, an internal working page, keeps every count exact.

The dialogue is tests/reports/conftest.py's full one (1 or 2 people in each group) with five more
views from adults, women, in Centrum: 6 adults, 7 women, 7 in Centrum beside 1s and 2s."""

import csv
import io
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.utils import translation
from pypdf import PdfReader

from core import smallcounts
from dialog.models import AgeBand, DecisionPoint, Gender, InputItem, Theme
from dialog.services.case_memo import freeze_for_submission
from participation import services as public_services
from reports import rendering, selectors
from reports.selectors import dialogue_for_reports
from tests.reports.conftest import build_full_dialogue

pytestmark = pytest.mark.django_db


def sv(message: str) -> str:
    with translation.override("sv"):
        return translation.gettext(message)


def label(choice) -> str:
    with translation.override("sv"):
        return str(choice.label)


def pdf_text(document) -> str:
    assert document.missing == [], document.missing
    pages = PdfReader(io.BytesIO(rendering.render_pdf(document))).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


FEWER = "färre än 5"


@pytest.fixture
def counted(cast):
    dialogue, extra = build_full_dialogue(cast)
    lighting = Theme.objects.get(dialogue=dialogue, name="Belysning")
    for number in range(5):
        item = InputItem.objects.create(
            dialogue=dialogue,
            text=f"Bättre belysning på torget, synpunkt {number}",
            source=InputItem.Source.LETTER,
            received_on=date(2025, 4, 3),
            age_band=AgeBand.ADULTS,
            gender=Gender.WOMAN,
            area="Centrum",
            within_purpose=True,
            created_by=cast.official,
        )
        item.themes.set([lighting])
    return dialogue_for_reports(dialogue.pk), extra


def _people_counts(text: str) -> None:
    """Age bands, genders and areas: the small ones held back, the large ones given."""
    teens, adults, older = label(AgeBand.TEENS), label(AgeBand.ADULTS), label(AgeBand.OLDER)
    woman, man = label(Gender.WOMAN), label(Gender.MAN)
    assert f"{adults} 6" in text
    assert f"{teens} {FEWER}" in text and f"{older} {FEWER}" in text
    assert f"{teens} 2" not in text and f"{older} 1" not in text
    assert f"{woman} 7" in text and f"{man} {FEWER}" in text and f"{man} 2" not in text


def test_threshold_helper():
    assert smallcounts.threshold() == 5
    assert [smallcounts.is_small(n) for n in (0, 1, 4, 5, None)] == [
        False,
        True,
        True,
        False,
        False,
    ]
    assert smallcounts.suppressed(3) == (None, True) and smallcounts.suppressed(7) == (7, False)


def test_dialogue_report_holds_back_small_counts_of_people(counted):
    dialogue, _extra = counted
    text = pdf_text(selectors.dialogue_report(dialogue))
    _people_counts(text)
    assert "Centrum 7" in text and f"Norr {FEWER}" in text and "Norr 2" not in text
    assert sv(
        "Counts of 1 to 4 are shown as “fewer than 5”, so that nobody can be recognised."
    ) in (text)


def test_yearly_follow_up_holds_back_small_counts_of_people(cast, counted):
    text = pdf_text(selectors.follow_up(cast.body, 2025))
    _people_counts(text)
    assert "Centrum 7" in text and f"Norr {FEWER}" in text
    # Children and young people: 2 views from the 13-17s, held back too.
    with translation.override("sv"):
        young = translation.gettext(
            "Children and young people (under 18) gave %(views)s views."
        ) % {"views": FEWER}
    assert young in text


def test_decision_basis_memo_holds_back_small_counts_of_people(cast, counted):
    dialogue, _extra = counted
    freeze_for_submission(dialogue=dialogue, point=DecisionPoint.FINAL, user=cast.official)
    text = pdf_text(selectors.decision_basis(dialogue_for_reports(dialogue.pk), "final"))
    _people_counts(text)


def test_compilation_grid_keeps_exact_counts_for_staff(client, cast, counted):
    dialogue, _extra = counted
    client.force_login(cast.official)
    response = client.get(f"/dialoger/{dialogue.pk}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    grids = soup.select("table.group-counts")
    assert grids, "the compilation grid is on the dialogue page"
    cells = {}
    for table in grids:
        for row in table.select("tbody tr"):
            cells[row.th.get_text(strip=True)] = row.td.get_text(strip=True)
    assert cells[label(AgeBand.TEENS)] == "2" and cells[label(AgeBand.OLDER)] == "1"
    assert cells[label(AgeBand.ADULTS)] == "6"
    assert cells["Norr"] == "2" and cells["Centrum"] == "7"
    assert FEWER not in response.content.decode()


def test_open_data_csv_leaves_small_counts_empty_with_a_flag(client, cast, counted):
    """The CSV export of aggregates: 9 views within the purpose given, 4 held back."""
    dialogue, _extra = counted
    small, _ = build_full_dialogue(cast)  # 4 views within the purpose
    for case in (dialogue, small):
        user = case.responsible_official
        public_services.update_details(
            dialogue_id=case.pk, user=user, summary="Trygghet.", cannot_influence="Polisen."
        )
        public_services.publish(dialogue_id=case.pk, user=user)
    cache.clear()
    response = client.get("/medborgare/oppna-data/dialoger.csv")
    assert response.status_code == 200
    rows = {
        int(row["id"]): row
        for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    }
    assert rows[dialogue.pk]["views_within_purpose"] == "9"
    assert rows[dialogue.pk]["views_within_purpose_suppressed"] == "0"
    assert rows[small.pk]["views_within_purpose"] == ""
    assert rows[small.pk]["views_within_purpose_suppressed"] == "1"

"""The PDFs themselves: sections and values read back with pypdf, PDF/A and tagging markers,
metadata, embedded fonts, page numbers, and residents' text escaped. Each kind is rendered once
for the module (see the `rendered` fixture)."""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from tests.helpers import element, texts
from tests.reports.conftest import SCRIPT

pytestmark = pytest.mark.django_db

KINDS = ["decision-basis", "mandate-basis", "extract", "report", "follow-up"]


def reader(rendered, key) -> PdfReader:
    return PdfReader(io.BytesIO(rendered["pdf"][key]))


def text(rendered, key) -> str:
    pages = reader(rendered, key).pages
    # Lines wrapped inside a paragraph are joined, so phrases can be searched whole.
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def sv(message: str) -> str:
    with translation.override("sv"):
        return translation.gettext(message)


def test_decision_basis_has_every_section_and_the_dialogues_values(rendered):
    content = text(rendered, "decision-basis")
    facts = rendered["facts"]
    # The tjänsteskrivelse's sections (issue 12; in order: tests/reports/test_case_memo.py).
    for heading in (
        "Summary",
        "Proposal for decision",
        "The matter",
        "The administration's assessment",
        "Consequences",
        "Citizen dialogue",
        "Decision documents",
        "The decision is sent to",
    ):
        assert sv(heading) in content, heading
    for value in (
        "Exempelby kommun",
        facts["body"],
        facts["case_number"],
        facts["official"],
        facts["title"],
        "Belysning och vuxennärvaro är det som oroar mest.",  # the compilation's summary
        "1. att förbättra belysningen",
        "2. att stödja nattvandrarna",
        "Åtgärderna ryms i budget 2027, 1,2 mnkr.",
        "Unga har hörts genom trygghetsvandringen.",
        "Dialogen flyttade belysningen först i prioriteringen.",
        "Trygghetsvandring vid busstationen",
    ):
        assert value in content, value
    # The dated list of documents: the governing policy and the decisions so far, not the final.
    assert re.search(
        r"2024-03-01 Policy: Policy för medborgardialog \(KS 2024-03-01 § 57\).* KS 2023/12",
        content,
    )
    assert "2025-02-10" in content and "§ 12" in content
    assert "2025-03-03" in content and "§ 31" in content
    assert "§ 113" not in content


def test_mandate_basis_proposes_to_approve_the_mandate(rendered):
    content = text(rendered, "mandate-basis")
    assert sv("Proposal for decision") in content
    assert "1. " in content
    assert "Trygghetsvandringar, webbenkät och dialogcafé." in content  # the mandate's text
    assert "50 000 kr och två tjänstepersoner på halvtid." in content  # economy
    assert sv("The dialogue has not been held yet.") in content


def test_extract_has_body_date_paragraph_case_number_and_text(rendered):
    content = text(rendered, "extract")
    facts = rendered["facts"]
    for value in (
        facts["body"],
        "2025-06-12",
        "§ 113",
        facts["case_number"],
        "Kommunstyrelsen beslutar enligt förslaget.",
        sv("Certified true extract (Rätt utdraget intygar)"),
    ):
        assert value in content, value


def test_dialogue_report_has_every_section_with_aggregates_only(rendered):
    content = text(rendered, "report")
    for heading in (
        "What we asked",
        "Who took part",
        "What we heard",
        "What was decided and why",
        "Action plan",
        "Evaluation",
    ):
        assert sv(heading) in content, heading
    assert "Belysning 3" in content and "Vuxennärvaro 1" in content  # themes with counts
    # By age band and by area: 1 to 4 people are "fewer than 5" (core.smallcounts).
    assert "13–17 år färre än 5" in content and "13–17 år 2" not in content
    assert "Centrum färre än 5" in content and "Norr färre än 5" in content
    assert "Byta armaturer i gångtunneln" in content
    assert "Fler kvällsaktiviteter." in content
    # Off-topic input is counted, not quoted; quotes carry no personal details.
    assert "Parkeringsavgifterna" not in content
    html = rendered["html"]["report"]
    quotes = texts(html, "p.quote")
    assert "Mer ljus vid gångtunneln" in quotes
    assert all(not re.search(r"år|Centrum|Norr|Kvinna|Man\b", q) for q in quotes)


def test_follow_up_has_counts_and_a_server_side_svg_chart(rendered):
    content = text(rendered, "follow-up")
    facts = rendered["facts"]
    assert facts["case_number"] in content
    assert sv("Target groups reached") in content
    assert sv("Evaluations") in content
    html = rendered["html"]["follow-up"]
    svg = element(html, "#follow-up-dialogues svg")
    assert svg["role"] == "img"
    assert len(svg("rect")) == 3  # the dialogues started, running and finished (issue 16)
    assert "<script" not in html


def test_residents_script_comes_out_as_text(rendered):
    assert SCRIPT in text(rendered, "report")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered["html"]["report"]
    assert SCRIPT not in rendered["html"]["report"]


@pytest.mark.parametrize("key", KINDS)
def test_pdf_a_2b_and_tagged(rendered, key):
    pdf = reader(rendered, key)
    root = pdf.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="2"', xmp)
    assert re.search(r'pdfaid:conformance="B"', xmp)
    marked = root["/MarkInfo"]["/Marked"]
    assert isinstance(marked, BooleanObject) and marked.value is True
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "sv"
    assert "/OutputIntents" in root


@pytest.mark.parametrize("key", KINDS)
def test_metadata_title_author_subject(rendered, key):
    title, subject, author = rendered["facts"]["documents"][key]
    meta = reader(rendered, key).metadata
    assert meta.title == title
    assert meta.author == author
    assert meta.subject == subject


@pytest.mark.parametrize("key", KINDS)
def test_a4_with_page_numbers(rendered, key):
    pdf = reader(rendered, key)
    total = len(pdf.pages)
    for number, page in enumerate(pdf.pages, start=1):
        assert round(float(page.mediabox.width)) == 595  # A4: 210 mm
        assert round(float(page.mediabox.height)) == 842  # 297 mm
        expected = sv("Page %(page)s of %(pages)s") % {"page": number, "pages": total}
        assert expected in page.extract_text()


@pytest.mark.parametrize("key", ["decision-basis", "report"])
def test_only_our_fonts_embedded(rendered, key):
    fonts = {}
    for page in reader(rendered, key).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            fonts[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    assert fonts
    for name, descriptor in fonts.items():
        assert "Delaktig-Sans" in name, name  # the @font-face family, not a system font
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name

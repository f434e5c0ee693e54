"""Delaktig's own extract of a decision (issue 12, item 6): an extract from Delaktig's register,
never the signed protocol. Rendered with WeasyPrint and read back with pypdf: its title, the
notice that it is not the minutes, the justering and anslag dates, the appeal notice and the
"Rätt utdraget intygar" lines."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from dialog.models import Decision, DecisionPoint
from reports import rendering, selectors, uploads
from tests.factories import record_decision, register_directly


def sv(message, **values) -> str:
    with translation.override("sv"):
        text = _(message)
    return " ".join((text % values if values else text).split())


def read(document) -> tuple[str, PdfReader]:
    pdf = rendering.render_pdf(document)
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages), reader


@pytest.fixture
def decision(cast, dialogue):
    register_directly(dialogue)
    decision = record_decision(
        dialogue,
        DecisionPoint.MANDATE,
        by=cast.clerk,
        paragraph="113",
        decided_on=date(2026, 1, 20),
        text="Kommunstyrelsen ger förvaltningen i uppdrag att genomföra dialogen.",
    )
    meeting = decision.meeting
    meeting.adjusted_on = date(2026, 1, 22)
    meeting.posted_on = date(2026, 1, 23)
    meeting.full_clean()
    meeting.save()
    return Decision.objects.select_related("meeting", "body", "dialogue").get(pk=decision.pk)


def test_the_extract_is_from_delaktigs_register_not_the_minutes(decision):
    document = selectors.extract(decision)
    assert document.missing == []
    content, reader = read(document)
    title = sv("Extract from Delaktig's register: %(title)s", title=decision.dialogue.title)
    assert reader.metadata.title == title
    assert sv("Extract from Delaktig's register") in content
    assert sv("An extract from Delaktig's register, not the minutes.") in content
    assert sv("Extract from the minutes: %(title)s", title=decision.dialogue.title) not in content
    # The facts: body, form, meeting date, §, case number, justering, anslag, appeal period.
    for value in (
        decision.body.name,
        sv("Decided by the body at a meeting"),
        "2026-01-20",
        "§ 113",
        decision.dialogue.case_number,
        "2026-01-22",  # justering
        "2026-01-23",  # anslag
        "2026-02-13",  # the appeal period's last day: three weeks after the anslag
        "2026-02-14",  # the decision stands the day after
        "Kommunstyrelsen ger förvaltningen i uppdrag att genomföra dialogen.",
    ):
        assert value in content, value


def test_the_appeal_notice_and_the_certification_lines(decision):
    content, _reader = read(selectors.extract(decision))
    assert sv("How to appeal") in content
    assert "13 kap" in content
    assert (
        sv(
            "The appeal must have reached the court within three weeks of the day the "
            "adjustment of the minutes was posted on the municipality's notice board "
            "(%(posted)s): by %(ends)s at the latest.",
            posted="2026-01-23",
            ends="2026-02-13",
        )
        in content
    )
    lines = [
        sv("Certified true extract (Rätt utdraget intygar)"),
        sv("Name and title"),
    ]
    for line in lines:
        assert line in content
    # The certification follows the appeal notice, at the end.
    assert content.index(sv("How to appeal")) < content.index(lines[0])


def test_before_the_anslag_the_period_is_said_to_start_later(decision):
    meeting = decision.meeting
    meeting.posted_on = None
    meeting.save()
    decision = Decision.objects.select_related("meeting").get(pk=decision.pk)
    content, _reader = read(selectors.extract(decision))
    assert (
        sv(
            "The three weeks for an appeal run from the day the adjustment of the minutes is "
            "posted on the municipality's notice board (anslag); that date has not been "
            "recorded yet."
        )
        in content
    )


def test_the_uploaded_protocol_extract_is_named(cast, decision):
    from weasyprint import HTML

    data = HTML(string="<p>Protokollsutdrag § 113</p>").write_pdf()
    uploaded = uploads.upload_protocol_extract(
        decision_id=decision.pk,
        user=cast.clerk,
        upload=SimpleUploadedFile("utdrag.pdf", data, "application/pdf"),
    )
    content, _reader = read(selectors.extract(decision))
    assert uploaded.sha256 in content.replace(" ", "")


def test_a_stance_has_no_appeal_notice(cast, dialogue):
    dialogue = register_directly(dialogue)
    stance = record_decision(
        dialogue,
        DecisionPoint.MANDATE,
        by=cast.official,
        kind=Decision.Kind.STANCE,
        paragraph="",
        informed_occasion="Presidiets möte 2026-01-12",
        text="Politikerna ställer sig bakom uppdraget.",
    )
    document = selectors.extract(stance)
    assert document.missing == []
    content, _reader = read(document)
    assert sv("How to appeal") not in content
    assert sv("An extract from Delaktig's register, not the minutes.") in content

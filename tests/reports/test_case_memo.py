"""The tjänsteskrivelse (issue 12): every section in order for each decision point, read back
from the PDF with pypdf; the frozen version and its date printed, not the render date."""

import io
from datetime import datetime

import pytest
import time_machine
from django.utils import translation
from pypdf import PdfReader

from dialog.models import CaseMemo, CaseMemoVersion, DecisionPoint, State
from dialog.services.case_memo import freeze_for_submission
from reports import rendering, selectors
from reports.selectors import dialogue_for_reports
from tests.reports.conftest import TZ, build_full_dialogue

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Summary",
    "Proposal for decision",
    "The matter",
    "The administration's assessment",
    "Consequences",
    "Economy",
    "Child rights assessment",
    "Gender equality",
    "Environment",
    "National minorities",
    "Citizen dialogue",
    "Decision documents",
    "The decision is sent to",
    "Case officer",
    "Head of administration",
]

DRAFT = (
    "Draft: not yet submitted. The decision memo is frozen and dated when the decision point is "
    "submitted."
)

FROZEN_ON = {
    DecisionPoint.MANDATE: datetime(2025, 2, 1, 9, 0, tzinfo=TZ),
    DecisionPoint.LAUNCH: datetime(2025, 2, 20, 9, 0, tzinfo=TZ),
    DecisionPoint.FINAL: datetime(2025, 5, 20, 9, 0, tzinfo=TZ),
}


def sv(message: str) -> str:
    with translation.override("sv"):
        return translation.gettext(message)


def pdf_text(document) -> str:
    data = rendering.render_pdf(document)
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def in_order(text: str, phrases) -> list[int]:
    """The position of each phrase, each searched after the one before."""
    positions, start = [], 0
    for phrase in phrases:
        found = text.find(phrase, start)
        assert found >= 0, (phrase, text[start : start + 300])
        positions.append(found)
        start = found + len(phrase)
    return positions


@pytest.fixture
def full_case(cast):
    dialogue, extra = build_full_dialogue(cast)
    CaseMemo.objects.filter(dialogue=dialogue, point=DecisionPoint.MANDATE).update(
        summary="Sammanfattning för uppdraget.",
        assessment="Förvaltningen bedömer att uppdraget är väl avgränsat.",
        minorities_concerned=True,
        minorities="Samråd med sverigefinnarnas förening hölls den 20 januari.",
    )
    return dialogue, extra


@pytest.mark.parametrize(
    "point", [DecisionPoint.MANDATE, DecisionPoint.LAUNCH, DecisionPoint.FINAL]
)
def test_every_section_in_order_and_the_frozen_date(cast, full_case, point):
    dialogue, _extra = full_case
    with time_machine.travel(FROZEN_ON[point], tick=False):
        version = freeze_for_submission(dialogue=dialogue, point=point, user=cast.official)
    assert version.number == 1 and version.frozen_on == FROZEN_ON[point].date()
    text = pdf_text(selectors.decision_basis(dialogue_for_reports(dialogue.pk), point))
    headings = [sv(s) for s in SECTIONS]
    in_order(text, headings)
    frozen = FROZEN_ON[point].date().isoformat()
    # The header, the memo itself in the documents and both name lines carry the frozen date.
    assert text.count(frozen) >= 4
    assert datetime.now(TZ).date().isoformat() not in text
    assert "Exempelby kommun" in text and dialogue.case_number in text
    # Numbered points under "<body> is proposed to decide".
    assert "1. " in text
    # Not a draft.
    assert sv(DRAFT) not in text


def test_the_mandate_memo_prints_budget_and_groups_once(cast, full_case):
    dialogue, _extra = full_case
    freeze_for_submission(dialogue=dialogue, point=DecisionPoint.MANDATE, user=cast.official)
    text = pdf_text(selectors.decision_basis(dialogue_for_reports(dialogue.pk), "mandate"))
    mandate = dialogue.mandate
    budget = " ".join(mandate.budget_resources.split())
    groups = " ".join(mandate.target_groups.split())
    assert text.count(budget) == 1
    assert text.count(groups) == 1
    assert "Samråd med sverigefinnarnas förening" in text
    assert "2009:724" in text
    assert "Förvaltningen bedömer att uppdraget är väl avgränsat." in text


def test_the_final_memo_takes_the_proposal_and_the_counts(cast, full_case):
    dialogue, _extra = full_case
    freeze_for_submission(dialogue=dialogue, point=DecisionPoint.FINAL, user=cast.official)
    text = pdf_text(selectors.decision_basis(dialogue_for_reports(dialogue.pk), "final"))
    order = [
        "1. att förbättra belysningen",
        "2. att stödja nattvandrarna",
        "Åtgärderna ryms i budget 2027, 1,2 mnkr.",
        "Unga har hörts genom trygghetsvandringen.",
        "Trygghetsvandring vid busstationen",
        "Dialogen flyttade belysningen först i prioriteringen.",
        # The documents: the governing policy with its own dnr, the earlier decisions' extracts.
        "KS 2023/12",
        "§ 12",
        "§ 31",
    ]
    in_order(text, order)
    assert "§ 113" not in text  # the final decision itself is not among its documents
    # Once: the proposal's economy is not repeated from the memo.
    assert text.count("Åtgärderna ryms i budget 2027") == 1


def test_frozen_content_stays_when_the_case_changes_and_a_new_version_comes_later(cast, full_case):
    dialogue, _extra = full_case
    point = DecisionPoint.MANDATE
    with time_machine.travel(FROZEN_ON[point], tick=False):
        first = freeze_for_submission(dialogue=dialogue, point=point, user=cast.official)
    # Submitted again unchanged: the same version.
    assert freeze_for_submission(dialogue=dialogue, point=point, user=cast.official) == first
    CaseMemo.objects.filter(dialogue=dialogue, point=point).update(
        summary="En helt ny sammanfattning."
    )
    # The dialogue is past its mandate: the PDF prints what was frozen.
    text = pdf_text(selectors.decision_basis(dialogue_for_reports(dialogue.pk), point))
    assert "Sammanfattning för uppdraget." in text
    assert "En helt ny sammanfattning." not in text
    # Submitted again after the edit: version 2, dated that day.
    later = datetime(2025, 3, 1, 9, 0, tzinfo=TZ)
    with time_machine.travel(later, tick=False):
        second = freeze_for_submission(dialogue=dialogue, point=point, user=cast.official)
    assert second.number == 2 and second.frozen_on == later.date()
    assert second.frozen_by == cast.official
    text = pdf_text(selectors.decision_basis(dialogue_for_reports(dialogue.pk), point))
    assert "En helt ny sammanfattning." in text and "2025-03-01" in text
    assert CaseMemoVersion.objects.filter(dialogue=dialogue, point=point).count() == 2
    with pytest.raises(ValueError):
        second.save()


def test_a_draft_before_submission_is_marked_and_dated_today(cast):
    from tests.factories import make_dialogue, register_directly

    dialogue = register_directly(make_dialogue(cast))
    assert dialogue.state == State.INITIATIVE
    document = selectors.decision_basis(dialogue_for_reports(dialogue.pk), "mandate")
    assert document.missing == []
    assert document.context["draft"] is True
    text = pdf_text(document)
    assert sv(DRAFT) in text


def test_a_missing_memo_is_listed(cast):
    from tests.factories import make_dialogue, register_directly

    dialogue = register_directly(make_dialogue(cast))
    CaseMemo.objects.filter(dialogue=dialogue, point="mandate").update(assessment="")
    document = selectors.decision_basis(dialogue_for_reports(dialogue.pk), "mandate")
    assert any("bedömning" in m or "assessment" in m for m in document.missing)


def test_a_case_registered_after_the_submission_prints_its_number(cast):
    from tests.factories import make_dialogue, put_in_state, register_directly

    dialogue = put_in_state(make_dialogue(cast), State.MANDATE_DECISION, registered=False)
    with time_machine.travel(FROZEN_ON[DecisionPoint.MANDATE], tick=False):
        freeze_for_submission(dialogue=dialogue, point="mandate", user=cast.official)
    dialogue = register_directly(dialogue)
    document = selectors.decision_basis(dialogue_for_reports(dialogue.pk), "mandate")
    assert document.missing == []
    text = pdf_text(document)
    assert dialogue.case_number in text and "2025-02-01" in text


def test_a_point_an_ended_dialogue_never_reached_prints_as_a_draft(cast):
    from reports.selectors.case_memo import edition
    from tests.factories import make_dialogue, put_in_state

    dialogue = put_in_state(make_dialogue(cast), State.CANCELLED)
    assert edition(dialogue_for_reports(dialogue.pk), "launch").draft

"""A dialogue with every step's content, and PDFs rendered once per module."""

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import override_settings

from dialog.models import (
    ActionItem,
    Activity,
    AgeBand,
    CompilationSummary,
    DecisionPoint,
    Dialogue,
    Evaluation,
    Gender,
    InputItem,
    Method,
    Proposal,
    ProposalPoint,
    ResidentFeedback,
    ResultsPresentation,
    State,
    Theme,
    TransitionLog,
)
from governance.models import DocumentType, SteeringDocument
from tests.factories import Cast, make_dialogue, put_in_state, record_decision

SCRIPT = "<script>alert(1)</script>"
TZ = ZoneInfo("Europe/Stockholm")
_fake_pdfs = itertools.count(1)


@pytest.fixture(autouse=True)
def _reports_settings(settings, tmp_path):
    # Tests run the background tasks at once, and store files in a temporary MEDIA_ROOT.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fake_render(monkeypatch):
    """Replace WeasyPrint with a fast fake that returns distinct bytes each call; where a test
    is about the pipeline (versions, statuses), not the PDF itself."""
    calls = []

    def render(document):
        calls.append(document)
        return b"%PDF-1.7 fake " + str(next(_fake_pdfs)).encode()

    monkeypatch.setattr("reports.services.render_pdf", render)
    return calls


def build_full_dialogue(cast: Cast):
    """A dialogue at step 9 with its final decision, every step's content filled in."""
    dialogue = make_dialogue(cast)
    dialogue = put_in_state(dialogue, State.DECISION)
    Dialogue.objects.filter(pk=dialogue.pk).update(
        created_at=datetime(2025, 1, 15, 10, 0, tzinfo=TZ)
    )
    policy = SteeringDocument.objects.create(
        title="Policy för medborgardialog",
        type=DocumentType.objects.get(name="Policy"),
        adopting_body=cast.body,
        status="adopted",
        decision_date=date(2024, 3, 1),
        paragraph="57",
        case_number="KS 2023/12",
    )
    dialogue.governing_documents.add(policy)
    mandate = record_decision(
        dialogue,
        DecisionPoint.MANDATE,
        by=cast.clerk,
        decided_on=date(2025, 2, 10),
        paragraph="12",
        text="Uppdraget godkänns.",
    )
    record_decision(
        dialogue,
        DecisionPoint.LAUNCH,
        by=cast.clerk,
        decided_on=date(2025, 3, 3),
        paragraph="31",
        text="Planen godkänns.",
    )
    method, _created = Method.objects.get_or_create(name="Trygghetsvandring")
    walk = Activity.objects.create(
        dialogue=dialogue,
        method=method,
        title="Trygghetsvandring vid busstationen",
        starts_at=datetime(2025, 4, 2, 18, 0, tzinfo=TZ),
        place="Busstationen",
        target_groups="Unga 13-19 år",
        status=Activity.Status.HELD,
    )
    walk.politicians.add(cast.politician)
    Activity.objects.create(
        dialogue=dialogue,
        title="Dialogcafé på biblioteket",
        starts_at=datetime(2025, 4, 9, 17, 0, tzinfo=TZ),
        place="Stadsbiblioteket",
        status=Activity.Status.HELD,
    )
    lighting = Theme.objects.create(dialogue=dialogue, name="Belysning", description="Mörka gångar")
    presence = Theme.objects.create(dialogue=dialogue, name="Vuxennärvaro")
    people = [
        ("Mer ljus vid gångtunneln", AgeBand.TEENS, Gender.WOMAN, "Centrum", [lighting]),
        ("Lampor i parken", AgeBand.ADULTS, Gender.MAN, "Centrum", [lighting]),
        (SCRIPT, AgeBand.TEENS, Gender.MAN, "Norr", [lighting]),
        ("Fler nattvandrare", AgeBand.OLDER, Gender.WOMAN, "Norr", [presence]),
        ("Parkeringsavgifterna är för höga", "", "", "", []),
    ]
    for text, age, gender, area, themes in people:
        item = InputItem.objects.create(
            dialogue=dialogue,
            text=text,
            source=InputItem.Source.ACTIVITY,
            activity=walk,
            received_on=date(2025, 4, 2),
            age_band=age,
            gender=gender,
            area=area,
            within_purpose=bool(themes),
            created_by=cast.official,
        )
        item.themes.set(themes)
    CompilationSummary.objects.create(
        dialogue=dialogue, summary="Belysning och vuxennärvaro är det som oroar mest."
    )
    ResultsPresentation.objects.create(
        dialogue=dialogue, presented_on=date(2025, 5, 6), body=cast.body
    )
    proposal = Proposal.objects.create(
        dialogue=dialogue,
        dialogue_influence="Dialogen flyttade belysningen först i prioriteringen.",
        economy="Åtgärderna ryms i budget 2027, 1,2 mnkr.",
        children_rights="Unga har hörts genom trygghetsvandringen.",
        children_heard=True,
        equality="Kvinnor upplever större otrygghet.",
    )
    ProposalPoint.objects.create(proposal=proposal, number=1, text="att förbättra belysningen")
    ProposalPoint.objects.create(proposal=proposal, number=2, text="att stödja nattvandrarna")
    final = record_decision(
        dialogue,
        DecisionPoint.FINAL,
        by=cast.clerk,
        decided_on=date(2025, 6, 12),
        paragraph="113",
        text="Kommunstyrelsen beslutar enligt förslaget.",
    )
    ActionItem.objects.create(
        dialogue=dialogue,
        action="Byta armaturer i gångtunneln",
        responsible_text="Gatuenheten",
        due_on=date(2025, 12, 1),
    )
    ResidentFeedback.objects.create(
        dialogue=dialogue,
        what_we_heard="Mörkret oroar.",
        what_we_decided="Ny belysning.",
        why="Flest synpunkter gällde belysning.",
        channels="Webben och öppet möte",
        published_on=date(2025, 6, 20),
    )
    Evaluation.objects.create(
        dialogue=dialogue,
        purpose_met=Evaluation.PurposeMet.YES,
        reach_comment="Unga nåddes väl, äldre sämre.",
        lessons_learned="Fler kvällsaktiviteter.",
        done_on=date(2025, 9, 1),
    )
    TransitionLog.objects.create(
        dialogue=dialogue,
        transition="submit_for_mandate",
        source=State.INITIATIVE,
        target=State.MANDATE_DECISION,
        by=cast.official,
        at=datetime(2025, 2, 1, 9, 0, tzinfo=TZ),
    )
    TransitionLog.objects.create(
        dialogue=dialogue,
        transition="submit_for_decision",
        source=State.PROCESSING,
        target=State.DECISION,
        by=cast.official,
        at=datetime(2025, 5, 20, 9, 0, tzinfo=TZ),
    )
    from reports.selectors import dialogue_for_reports

    dialogue = dialogue_for_reports(dialogue.pk)
    return dialogue, {"mandate": mandate, "final": final, "policy": policy}


@pytest.fixture
def full(cast):
    dialogue, extra = build_full_dialogue(cast)
    return dialogue, extra


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """Each kind rendered once for the module, from data rolled back afterwards.

    Gives {"pdf": {kind: bytes}, "html": {kind: str}, "facts": {...}}.
    """
    from django.db import connection

    from reports import rendering, selectors

    # The test database exists only when the module's tests are marked django_db.
    name = str(connection.settings_dict["NAME"])
    assert "test" in name or "memory" in name, "mark the module's tests with django_db"
    out = {"pdf": {}, "html": {}, "facts": {}}
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        cast = Cast()
        dialogue, extra = build_full_dialogue(cast)
        documents = {
            "decision-basis": selectors.decision_basis(dialogue, DecisionPoint.FINAL),
            "mandate-basis": selectors.decision_basis(dialogue, DecisionPoint.MANDATE),
            "extract": selectors.extract(extra["final"]),
            "report": selectors.dialogue_report(dialogue),
            "follow-up": selectors.follow_up(cast.body, 2025),
        }
        for key, document in documents.items():
            assert document.missing == [], (key, document.missing)
            out["html"][key] = rendering.render_html(document)
            out["pdf"][key] = rendering.html_to_pdf(out["html"][key])
        out["facts"] = {
            "case_number": dialogue.case_number,
            "title": dialogue.title,
            "body": cast.body.name,
            "official": cast.official.get_full_name(),
            "documents": {key: (d.title, d.subject, d.author) for key, d in documents.items()},
        }
        transaction.set_rollback(True)
    return out

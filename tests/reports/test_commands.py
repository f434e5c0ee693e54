import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from tests.factories import make_dialogue, register_directly


def test_export_decision_basis_by_case_number(cast, full, tmp_path):
    dialogue, _ = full
    target = tmp_path / "basis.pdf"
    out = io.StringIO()
    call_command(
        "export_pdf",
        dialogue.case_number,
        "--kind",
        "decision-basis",
        "--point",
        "final",
        "-o",
        str(target),
        stdout=out,
    )
    reader = PdfReader(target)
    assert reader.metadata.title.endswith(dialogue.title)
    text = "".join(page.extract_text() for page in reader.pages)
    assert dialogue.case_number in text and "1. att förbättra belysningen" in text
    assert str(target) in out.getvalue()


def test_export_extract_defaults_to_the_latest_decision(cast, full, tmp_path, monkeypatch):
    dialogue, extra = full
    rendered = []
    monkeypatch.setattr(
        "reports.management.commands.export_pdf.render_pdf",
        lambda document: rendered.append(document) or b"%PDF-1.7 fake",
    )
    target = tmp_path / "extract.pdf"
    # The case number as shown, with extra spaces and in lower case, still finds the case.
    call_command(
        "export_pdf", f"  {dialogue.case_number.lower()} ", "--kind", "extract", "-o", str(target)
    )
    assert rendered[0].context["decision"] == extra["final"]
    assert target.read_bytes() == b"%PDF-1.7 fake"
    call_command(
        "export_pdf",
        dialogue.case_number,
        "--kind",
        "extract",
        "--point",
        "mandate",
        "-o",
        str(target),
    )
    assert rendered[1].context["decision"] == extra["mandate"]


def test_unknown_case_number(db, tmp_path):
    with pytest.raises(CommandError, match="no dialogue with the case number"):
        call_command("export_pdf", "KS 2099/1", "--kind", "report", "-o", str(tmp_path / "x.pdf"))


def test_missing_data_is_listed(cast, tmp_path):
    dialogue = register_directly(make_dialogue(cast))
    target = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="lacks") as error:
        call_command("export_pdf", dialogue.case_number, "--kind", "report", "-o", str(target))
    # What it lacks is said in the municipality's language, as on the web.
    assert "åtgärdsplanen" in str(error.value)
    with pytest.raises(CommandError, match="no recorded decision"):
        call_command("export_pdf", dialogue.case_number, "--kind", "extract", "-o", str(target))
    assert not target.exists()

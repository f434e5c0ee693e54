import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.tabular import Limits
from governance import services
from governance.importers import ImportFileError, guess_type, parse_file
from governance.models import SteeringDocument
from tests.core import bombs

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db


# --- the type-guessing rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Policy för medborgardialog", "Policy"),
        ("Riktlinjer för styrdokument", "Riktlinje"),
        ("Riktlinje. Riktlinje för genomförande av medborgardialoger", "Riktlinje"),
        ("Strategi för invånardialog", "Strategi"),
        ("Luleå kommuns strategi för medborgardialog", "Strategi"),
        ("Program för medborgardialog", "Program"),
        ("REGLEMENTE VALNÄMNDEN", "Reglemente"),
        ("Kommunikationspolicy för Linköpings kommun", "Policy"),  # compound
        ("Renhållningstaxa 2026", "Taxa"),
        ("Rutiner för synpunktshantering", "Rutin"),
        ("Anvisningar för attest", "Anvisning"),
        ("Handlingsplan för nybyggnation på Åsmyren", "Handlingsplan"),  # not Plan
        ("Bostadsförsörjningsplan", "Plan"),
        ("Vision 2030", "Vision"),
        ("Lokala föreskrifter för att skydda människors hälsa", "Lokala föreskrifter"),
        ("Delegationsordning för kommunstyrelsen", "Delegationsordning"),
        ("Ägardirektiv för Exempelby Energi AB", "Ägardirektiv"),
        ("Instruktion för kommunchef", "Instruktion"),  # issue 16's types
        ("Regler. för styrdokument i Munkedals kommun", "Regler"),
        ("Principer för medborgardialog", "Principer"),
    ],
)
def test_a_title_naming_one_type_gets_it(types, title, expected):
    guess = guess_type(title, types.values())
    assert guess.type == types[expected]
    assert not guess.needs_review


@pytest.mark.parametrize(
    "title",
    [
        "Föredragningslista. Tid Tisdag kl 13:00 17:00. Plats. Saturnus",
        "Revision av kommunens räkenskaper",  # 'vision' does not match inside compounds
        "POLICY. Kvalitetspolicy och strategi för Solna stad",  # two types: not guessed
    ],
)
def test_a_title_naming_no_type_or_several_is_flagged(types, title):
    guess = guess_type(title, types.values())
    assert guess.type is None
    assert guess.needs_review
    assert guess.note


def test_seed_titles_each_get_a_type_or_a_review_flag(types, cast):
    rows = parse_file("seed_titles.txt", (FIXTURES / "seed_titles.txt").read_bytes())
    result = services.import_documents(rows=rows, dry_run=False, user=cast.official)
    assert result.ok and result.saved
    assert 95 <= len(result.rows) <= 105
    documents = list(SteeringDocument.objects.select_related("type"))
    assert len(documents) == len(result.rows)
    for document in documents:
        assert (document.type is not None) != document.needs_review, document.title
        assert document.needs_review == bool(document.review_note)
    by_title = {d.title: d for d in documents}
    assert by_title["Policy för medborgardialog"].type == types["Policy"]
    assert by_title["Riktlinjer för styrdokument"].type == types["Riktlinje"]
    assert by_title["Strategi för medborgardialog"].type == types["Strategi"]
    assert by_title["REGLEMENTE MILJÖNÄMND"].type == types["Reglemente"]
    assert by_title["Kommunikationspolicy för Nykvarns kommun"].type == types["Policy"]
    flagged = by_title["Föredragningslista. Tid Tisdag kl 13:00 17:00. Plats. Saturnus"]
    assert flagged.needs_review and flagged.type is None
    assert by_title["Instruktion för kommunchef"].type == types["Instruktion"]
    # Most are placed, a minority flagged.
    assert 10 <= len(result.flagged) <= 35


# --- CSV and XLSX ----------------------------------------------------------------------------

GOOD_CSV = (
    "titel;typ;organ;beslutsdatum;§;diarienummer;giltig från;giltig till;ämnesord\n"
    "Policy för medborgardialog;Policy;KF;2024-03-01;12;KS 2023/55;2024-03-15;tills vidare;"
    "medborgardialog, delaktighet\n"
    "Riktlinjer för medborgardialog och delaktighet;;KS;2024-05-02;88;KS 2024/10;2024-06-01;;"
    "medborgardialog\n"
    "Strategi för invånardialog;;KS;2024-05-02;89;;2024-06-01;;\n"
)


def run(content: bytes, name="dokument.csv", *, dry_run=False, user=None):
    return services.import_documents(rows=parse_file(name, content), dry_run=dry_run, user=user)


def test_csv_import_saves_all_rows(bodies, types, cast):
    result = run(("\ufeff" + GOOD_CSV).encode(), user=cast.official)
    assert result.ok and result.saved
    assert SteeringDocument.objects.count() == 3
    policy = SteeringDocument.objects.get(title="Policy för medborgardialog")
    assert policy.adopting_body == bodies["KF"]
    assert policy.decision_date == date(2024, 3, 1)
    assert policy.paragraph == "12" and policy.case_number == "KS 2023/55"
    assert policy.valid_until is None
    assert policy.status == SteeringDocument.Status.ADOPTED
    assert sorted(k.name for k in policy.keywords.all()) == ["delaktighet", "medborgardialog"]
    guideline = SteeringDocument.objects.get(title__startswith="Riktlinjer")
    assert guideline.type == types["Riktlinje"]  # guessed
    strategy = SteeringDocument.objects.get(title__startswith="Strategi")
    assert strategy.valid_until == date(2028, 6, 1)  # a term of office by default
    assert policy.history.get().history_user == cast.official


def test_csv_comma_separated_windows_1252(bodies):
    content = "title,type,body\nTaxa för bygglov,Taxa,KF\n".encode("cp1252")
    result = run(content)
    assert result.saved
    assert SteeringDocument.objects.get().title == "Taxa för bygglov"


def test_csv_with_one_bad_row_saves_nothing_and_names_the_row(bodies):
    bad = GOOD_CSV.replace("Strategi för invånardialog;;KS;", "Strategi för invånardialog;;XYZ;")
    result = run(bad.encode())
    assert not result.ok and not result.saved
    assert SteeringDocument.objects.count() == 0
    assert [row.line for row in result.rows if row.errors] == [4]
    assert len(result.errors) == 1
    assert "4" in result.errors[0] and "XYZ" in result.errors[0]


@pytest.mark.parametrize(
    ("row", "field_hint"),
    [
        ("Policy A;Policy;KF;2024-13-01;;;;;", "2024-13-01"),  # not a date
        ("Policy A;Policy;KF;;;;2024-06-01;2024-01-01;", None),  # ends before it starts
        ("Policy A;Policy;KS;;;;;;", None),  # a policy is adopted by the council
        ("Policy A;Memo;KF;;;;;;", "Memo"),  # unknown type
        (";Policy;KF;;;;;;", None),  # no title
    ],
)
def test_each_bad_row_is_refused(bodies, row, field_hint):
    header = GOOD_CSV.split("\n", 1)[0]
    result = run(f"{header}\n{row}\n".encode())
    assert not result.saved
    assert len(result.errors) == 1
    if field_hint:
        assert field_hint in result.errors[0]
    assert SteeringDocument.objects.count() == 0


def test_unknown_column_refuses_the_file(bodies):
    with pytest.raises(ImportFileError):
        parse_file("x.csv", b"titel;hemlig kolumn\nPolicy;1\n")
    with pytest.raises(ImportFileError):
        parse_file("x.csv", b"typ;organ\nPolicy;KF\n")
    with pytest.raises(ImportFileError):
        parse_file("x.pdf", b"%PDF-1.4")


def test_dry_run_changes_nothing(bodies):
    result = run(GOOD_CSV.encode(), dry_run=True)
    assert result.ok and not result.saved
    assert len(result.rows) == 3
    assert SteeringDocument.objects.count() == 0
    assert not SteeringDocument.history.exists()


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_import_reads_dates_and_saves_all(bodies, types):
    content = xlsx(
        [
            ["Titel", "Typ", "Organ", "Beslutsdatum", "Giltig från"],
            ["Policy för medborgardialog", "Policy", "KF", date(2024, 3, 1), date(2024, 3, 15)],
            ["Riktlinjer för styrdokument", None, "KS", "2024-04-02", None],
        ]
    )
    result = run(content, "register.xlsx")
    assert result.saved
    policy = SteeringDocument.objects.get(type=types["Policy"])
    assert policy.decision_date == date(2024, 3, 1)
    assert SteeringDocument.objects.get(type=types["Riktlinje"]).adopting_body == bodies["KS"]


def test_xlsx_with_a_bad_row_saves_nothing(bodies):
    content = xlsx(
        [
            ["title", "type", "body"],
            ["Policy för medborgardialog", "Policy", "KF"],
            ["Riktlinjer för styrdokument", None, "XYZ"],
        ]
    )
    result = run(content, "register.xlsx")
    assert not result.saved
    assert [row.line for row in result.rows if row.errors] == [3]
    assert SteeringDocument.objects.count() == 0


def test_broken_xlsx_is_a_file_error():
    with pytest.raises(ImportFileError):
        parse_file("register.xlsx", b"not a zip")


# --- the command -----------------------------------------------------------------------------


def test_command_dry_run_prints_preview_and_saves_nothing(types, capsys):
    out = io.StringIO()
    call_command("import_documents", str(FIXTURES / "seed_titles.txt"), "--dry-run", stdout=out)
    assert "Policy för medborgardialog" in out.getvalue()
    assert SteeringDocument.objects.count() == 0


def test_command_imports(types, tmp_path, bodies):
    path = tmp_path / "register.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    call_command("import_documents", str(path), stdout=io.StringIO())
    assert SteeringDocument.objects.count() == 3


def test_command_with_errors_fails_and_saves_nothing(tmp_path, bodies):
    path = tmp_path / "register.csv"
    path.write_text(GOOD_CSV.replace(";KF;", ";XYZ;"), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_documents", str(path), stdout=io.StringIO(), stderr=err)
    assert "XYZ" in err.getvalue()
    assert SteeringDocument.objects.count() == 0


def test_command_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_documents", str(tmp_path / "none.csv"))


# --- hostile and broken files: refused with a reason, never a 500 (issue 8) -----------------

DECLARED = (
    "The sheet is %(rows)s rows by %(columns)s columns, as the file says; at most "
    "%(max_rows)s rows below the column names and %(max_columns)s columns can be "
    "read. If fewer cells are in use, copy them to a new workbook and upload that."
)
HOSTILE = [
    (
        "register.xlsx",
        lambda: bombs.dimension_bomb(bombs.DOCUMENTS),
        lambda: (
            _(DECLARED) % {"rows": 20000, "columns": 16384, "max_rows": 10_000, "max_columns": 200}
        ),
    ),
    (
        "register.xlsx",
        lambda: bombs.full_height(bombs.DOCUMENTS),
        lambda: (
            _(DECLARED) % {"rows": 1_048_576, "columns": 2, "max_rows": 10_000, "max_columns": 200}
        ),
    ),
    (
        "register.xlsx",
        lambda: bombs.far_row(bombs.DOCUMENTS),
        lambda: (
            _(
                "The file has more than %(max)s rows below the column names; at most %(max)s "
                "can be read at once."
            )
            % {"max": 10_000}
        ),
    ),
    (
        "register.xlsx",
        lambda: bombs.zip_bomb(bombs.DOCUMENTS),
        lambda: (
            _(
                "The workbook unpacks to more than %(mb)s MB, or is packed suspiciously "
                "tightly; it cannot be read."
            )
            % {"mb": "25"}
        ),
    ),
    (
        "register.csv",
        lambda: b"titel;typ\n\x81\x8d;Policy\n",
        lambda: _(
            "The file's characters could not be read. Save it as CSV UTF-8 (in Excel: "
            "Save as, CSV UTF-8) and upload it again."
        ),
    ),
    (
        "register.csv",
        lambda: ("titel;typ\nPolicy A;Policy\n" + "x" * 131_073 + ";Policy\n").encode(),
        lambda: (
            _("Row %(row)s has a cell longer than %(max)s characters.") % {"row": 3, "max": 10_000}
        ),
    ),
    (
        "register.csv",
        lambda: b"titel;organ\nPolicy A;K\x00F\n",
        lambda: (
            _(
                "Row %(row)s, column %(column)s contains a control character (%(char)s) that "
                "cannot be stored. Remove it and upload the file again."
            )
            % {"row": 2, "column": 2, "char": "U+0000"}
        ),
    ),
    (
        "register.txt",
        lambda: "Policy för medborgardialog\nPlan\x00\n".encode(),
        lambda: (
            _(
                "Row %(row)s, column %(column)s contains a control character (%(char)s) that "
                "cannot be stored. Remove it and upload the file again."
            )
            % {"row": 2, "column": 1, "char": "U+0000"}
        ),
    ),
]
HOSTILE_IDS = [
    "dimension-bomb",
    "full-height",
    "far-row",
    "zip-bomb",
    "undecodable",
    "huge-cell",
    "nul-csv",
    "nul-text",
]


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE, ids=HOSTILE_IDS)
def test_a_hostile_or_broken_file_is_refused_with_its_reason(bodies, name, make, message):
    with pytest.raises(ImportFileError) as error:
        parse_file(name, make())
    assert str(error.value) == message()


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE, ids=HOSTILE_IDS)
def test_the_import_page_answers_400_with_the_reason(client, cast, bodies, name, make, message):
    client.force_login(cast.official)
    response = client.post(reverse("governance:import"), {"file": SimpleUploadedFile(name, make())})
    assert response.status_code == 400
    assert response.context["file_error"] == message()
    assert 'id="file-error"' in response.content.decode()
    assert "governance_import" not in client.session  # nothing waits to be confirmed
    assert SteeringDocument.objects.count() == 0


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE, ids=HOSTILE_IDS)
def test_the_command_refuses_with_the_reason(tmp_path, bodies, name, make, message):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(CommandError) as error:
        call_command("import_documents", str(path), stdout=io.StringIO())
    assert str(error.value) == message()
    assert SteeringDocument.objects.count() == 0


def test_the_command_refuses_a_file_over_the_size_limit_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "register.csv"
    path.write_bytes(GOOD_CSV.encode() * 2)
    monkeypatch.setattr(
        "governance.management.commands.import_documents.LIMITS",
        Limits(max_bytes=len(GOOD_CSV)),
    )
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(CommandError):
        call_command("import_documents", str(path), stdout=io.StringIO())


def test_a_utf16_register_imports(bodies):
    result = run(("\ufeff" + GOOD_CSV).encode("utf-16-le"), user=None)
    assert result.ok and result.saved
    assert SteeringDocument.objects.count() == 3

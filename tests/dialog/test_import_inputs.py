"""Importing survey results (CSV or XLSX): preview with an error per bad row, then all or
nothing [HAN]."""

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from dialog import importers, services
from dialog.models import Dialogue, ImportBatch, InputItem, State
from dialog.rules import denied_reason
from dialog.services import execution as execution_services
from tests.core import bombs
from tests.factories import put_in_state
from tests.helpers import element, text

HEADER = ["Synpunkt", "Datum", "Ålder", "Kön", "Område", "Inom syftet", "Källa"]


def day(n: int) -> date:
    """`n` days before today (after today when negative)."""
    return timezone.localdate() - timedelta(days=n)


def good_rows():
    return [
        ["Fler bänkar på torget", day(5).isoformat(), "65-79", "kvinna", "Centrum", "ja", "enkät"],
        ["Bättre belysning", day(4).isoformat(), "13–17", "man", "Norrby", "ja", ""],
        ["Snöröjningen", day(3).isoformat(), "", "vill ej uppge", "", "nej", "webbformulär"],
    ]


def csv_file(rows, header=HEADER, delimiter=";", name="enkat.csv", encoding="utf-8-sig"):
    lines = [delimiter.join(header), *(delimiter.join(r) for r in rows)]
    return SimpleUploadedFile(name, "\n".join(lines).encode(encoding), "text/csv")


def xlsx_file(rows, header=HEADER, name="enkat.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads wait in a temporary MEDIA_ROOT between preview and confirmation."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def execution(dialogue):
    return put_in_state(dialogue, State.EXECUTION)


def row_error(template: str, row: int, value: str = "") -> str:
    return _(template) % {"row": row, "value": value}


# -- Reading and checking ------------------------------------------------------------------


def test_a_good_csv_reads_into_rows_with_their_values():
    raw = importers.read_input_file(csv_file(good_rows()))
    cleaned = importers.clean_rows(raw)
    assert cleaned.errors == []
    assert [r.line for r in raw] == [2, 3, 4]
    first, second, third = cleaned.rows
    assert first == {
        "text": "Fler bänkar på torget",
        "received_on": day(5),
        "age_band": "65-79",
        "gender": "woman",
        "area": "Centrum",
        "within_purpose": True,
        "source": InputItem.Source.SURVEY,
    }
    assert (second["age_band"], second["source"]) == ("13-17", InputItem.Source.SURVEY)
    assert (third["gender"], third["within_purpose"], third["source"]) == (
        "not_stated",
        False,
        InputItem.Source.WEB_FORM,
    )


def test_comma_separated_and_windows_encoded_csv_is_read():
    upload = csv_file(good_rows(), delimiter=",", encoding="cp1252")
    cleaned = importers.clean_rows(importers.read_input_file(upload))
    assert cleaned.errors == [] and len(cleaned.rows) == 3
    assert cleaned.rows[0]["text"] == "Fler bänkar på torget"


def test_xlsx_with_real_dates_is_read():
    rows = good_rows()
    rows[0][1] = datetime.combine(day(5), time(9, 30))
    cleaned = importers.clean_rows(importers.read_input_file(xlsx_file(rows)))
    assert cleaned.errors == []
    assert cleaned.rows[0]["received_on"] == day(5)


def test_each_bad_value_is_reported_with_its_row():
    rows = good_rows()
    rows.extend(
        [
            ["", day(5).isoformat(), "", "", "", "", ""],  # row 5: no text
            ["Text", "5 januari", "", "", "", "", ""],  # row 6: not a date
            ["Text", day(5).isoformat(), "130", "", "", "", ""],  # row 7: unknown age band
            ["Text", day(5).isoformat(), "", "kanske", "", "kanske", "duvpost"],  # row 8: three
            ["Text", day(-20).isoformat(), "", "", "", "", ""],  # row 9: in the future
        ]
    )
    cleaned = importers.clean_rows(importers.read_input_file(csv_file(rows)))
    assert cleaned.errors == [
        row_error("row %(row)s: the text is empty", 5),
        row_error(
            "row %(row)s: “%(value)s” is not a date (write it as YYYY-MM-DD)", 6, "5 januari"
        ),
        row_error("row %(row)s: unknown age band “%(value)s”", 7, "130"),
        row_error("row %(row)s: unknown gender “%(value)s”", 8, "kanske"),
        row_error("row %(row)s: “%(value)s” is not yes or no (within the purpose)", 8, "kanske"),
        row_error("row %(row)s: unknown source “%(value)s”", 8, "duvpost"),
        row_error("row %(row)s: the date %(value)s is in the future", 9, day(-20).isoformat()),
    ]
    assert len(cleaned.rows) == 3


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("enkat.pdf", b"%PDF"), "file_type"),
        (SimpleUploadedFile("enkat.xlsx", b"not a workbook"), "unreadable"),
        (SimpleUploadedFile("enkat.csv", "Synpunkt;Ålder\nHej;30\n".encode()), "columns"),
        (SimpleUploadedFile("enkat.csv", b"Synpunkt;Datum\n"), "no_rows"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(upload, code):
    with pytest.raises(ValidationError) as error:
        importers.read_input_file(upload)
    assert error.value.code == code


def test_too_many_rows_are_refused(settings):
    settings.INPUT_IMPORT_MAX_ROWS = 2
    with pytest.raises(ValidationError) as error:
        importers.read_input_file(csv_file(good_rows()))
    assert error.value.code == "too_many_rows"


# -- The service: all or nothing -----------------------------------------------------------


def test_import_registers_every_row_in_one_batch(cast, execution):
    raw = importers.read_input_file(xlsx_file(good_rows()))
    batch = services.import_inputs(
        dialogue_id=execution.pk, user=cast.official, file_name="enkat.xlsx", raw_rows=raw
    )
    assert (batch.row_count, batch.imported_by, batch.file_name) == (3, cast.official, "enkat.xlsx")
    items = InputItem.objects.filter(import_batch=batch)
    assert items.count() == 3
    assert {i.created_by for i in items} == {cast.official}
    assert InputItem.history.filter(history_user=cast.official).count() == 3


def test_one_bad_row_imports_nothing(cast, execution):
    rows = [*good_rows(), ["Text", day(5).isoformat(), "130", "", "", "", ""]]
    raw = importers.read_input_file(csv_file(rows))
    with pytest.raises(ValidationError) as error:
        services.import_inputs(
            dialogue_id=execution.pk, user=cast.official, file_name="x.csv", raw_rows=raw
        )
    assert error.value.messages == [
        row_error("row %(row)s: unknown age band “%(value)s”", 5, "130")
    ]
    assert not InputItem.objects.exists() and not ImportBatch.objects.exists()


def test_a_failure_while_saving_rolls_everything_back(cast, execution, monkeypatch):
    raw = importers.read_input_file(csv_file(good_rows()))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    # The history rows are written after each batch, on PostgreSQL by the writer's thread:
    # its error reaches the caller and nothing stays.
    monkeypatch.setattr(execution_services, "_insert_history", broken)
    with pytest.raises(RuntimeError):
        services.import_inputs(
            dialogue_id=execution.pk, user=cast.official, file_name="x.csv", raw_rows=raw
        )
    assert not ImportBatch.objects.exists() and not InputItem.objects.exists()


def test_preview_saves_nothing(cast, execution):
    raw = importers.read_input_file(csv_file(good_rows()))
    preview = services.preview_import(dialogue_id=execution.pk, user=cast.official, raw_rows=raw)
    assert len(preview.rows) == 3
    assert not InputItem.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.parametrize("role", ["politician", "clerk", "other_official"])
def test_only_the_dialogues_officials_import(cast, execution, role):
    raw = importers.read_input_file(csv_file(good_rows()))
    with pytest.raises(services.PermissionRefused):
        services.preview_import(dialogue_id=execution.pk, user=getattr(cast, role), raw_rows=raw)
    with pytest.raises(services.PermissionRefused):
        services.import_inputs(
            dialogue_id=execution.pk, user=getattr(cast, role), file_name="x", raw_rows=raw
        )
    assert not InputItem.objects.exists()


def test_import_is_refused_outside_execution(cast, dialogue):
    dialogue = put_in_state(dialogue, State.COMPILATION)
    raw = importers.read_input_file(csv_file(good_rows()))
    with pytest.raises(services.PermissionRefused):
        services.import_inputs(
            dialogue_id=dialogue.pk, user=cast.official, file_name="x", raw_rows=raw
        )


# -- The pages: upload, preview, confirm ---------------------------------------------------


def url(dialogue):
    return reverse("dialog:import_inputs", args=[dialogue.pk])


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_upload_previews_then_confirm_imports(client, cast, execution, make_file):
    client.force_login(cast.official)
    assert client.get(url(execution)).status_code == 200
    response = client.post(url(execution), {"file": make_file(good_rows())})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="import-preview"' in page and "Fler bänkar på torget" in page
    assert not InputItem.objects.exists()  # a preview changes nothing
    token = response.context["token"]
    # The rows wait in the session, not in the page.
    confirm = element(page, "#confirm-import")
    assert confirm.select_one('input[name="token"]') and "Snöröjningen" not in str(confirm)
    response = client.post(url(execution), {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("dialog:inputs", args=[execution.pk])
    assert InputItem.objects.filter(dialogue=execution).count() == 3
    # Confirming the same preview again imports nothing more.
    again = client.post(url(execution), {"confirm": "1", "token": token})
    assert again.status_code == 409
    assert InputItem.objects.count() == 3


def test_a_file_with_bad_rows_shows_each_and_offers_no_confirm(client, cast, execution):
    rows = [*good_rows(), *[["Text", day(5).isoformat(), "", "", "", "", ""]] * 2]
    rows.append(["Text", day(5).isoformat(), "130", "", "", "", ""])  # row 7
    client.force_login(cast.official)
    response = client.post(url(execution), {"file": csv_file(rows)})
    assert response.status_code == 400
    page = response.content.decode()
    errors = text(page, "#import-errors")
    assert row_error("row %(row)s: unknown age band “%(value)s”", 7, "130") in errors
    assert 'id="confirm-import"' not in page
    assert not InputItem.objects.exists()


def test_an_unreadable_upload_is_a_field_error(client, cast, execution):
    client.force_login(cast.official)
    response = client.post(url(execution), {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert client.post(url(execution), {}).status_code == 400


def test_an_old_preview_cannot_be_confirmed_after_a_new_upload(client, cast, execution):
    client.force_login(cast.official)
    first = client.post(url(execution), {"file": csv_file(good_rows())}).context["token"]
    client.post(url(execution), {"file": csv_file(good_rows()[:1])})
    assert client.post(url(execution), {"confirm": "1", "token": first}).status_code == 409
    assert not InputItem.objects.exists()


def test_the_confirmation_imports_the_rows_the_preview_checked(client, cast, execution, media):
    """The preview's checked rows are what is imported: the upload is not read again (a file
    changed in storage after the preview changes nothing)."""
    client.force_login(cast.official)
    token = client.post(url(execution), {"file": csv_file(good_rows())}).context["token"]
    stored = media / "imports" / f"{cast.official.pk}-{execution.pk}-{token}"
    bad = [*good_rows(), ["Text", day(-1).isoformat(), "", "", "", "", ""]]
    stored.write_bytes(csv_file(bad).read())
    response = client.post(url(execution), {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert sorted(InputItem.objects.values_list("text", flat=True)) == sorted(
        row[0] for row in good_rows()
    )
    assert not stored.exists() and not (media / "imports" / f"{stored.name}.rows").exists()


def test_damaged_checked_rows_import_nothing(client, cast, execution, media):
    client.force_login(cast.official)
    token = client.post(url(execution), {"file": csv_file(good_rows())}).context["token"]
    checked = media / "imports" / f"{cast.official.pk}-{execution.pk}-{token}.rows"
    checked.write_bytes(checked.read_bytes().rsplit(b"\n", 2)[0] + b"\n")  # the last row lost
    response = client.post(url(execution), {"confirm": "1", "token": token})
    assert response.status_code == 400
    assert not InputItem.objects.exists() and not ImportBatch.objects.exists()
    assert not checked.exists()  # refused: the files go, the user uploads the file again


def test_the_import_page_refuses_others_with_the_reason(client, cast, execution):
    client.force_login(cast.politician)
    response = client.get(url(execution))
    assert response.status_code == 403
    assert denied_reason("dialog.edit_execution", execution) in response.content.decode()
    response = client.post(url(execution), {"file": csv_file(good_rows())})
    assert response.status_code == 403
    assert not InputItem.objects.exists()
    assert Dialogue.objects.get(pk=execution.pk).state == State.EXECUTION


# -- Hostile and broken files: refused with a reason, never a 500 (issue 8) -----------------


def _csv_bytes(text: str, encoding="utf-8") -> bytes:
    return text.encode(encoding)


SURVEY_CSV = f"Synpunkt;Datum\nFler bänkar på torget;{day(5).isoformat()}\n"


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "enkat.xlsx",
            bombs.dimension_bomb,
            lambda: (
                _(
                    "The sheet is %(rows)s rows by %(columns)s columns, as the file says; at most "
                    "%(max_rows)s rows below the column names and %(max_columns)s columns can be "
                    "read. If fewer cells are in use, copy them to a new workbook and upload that."
                )
                % {
                    "rows": 20000,
                    "columns": 16384,
                    "max_rows": settings.INPUT_IMPORT_MAX_ROWS,
                    "max_columns": 200,
                }
            ),
        ),
        (
            "enkat.xlsx",
            bombs.full_height,
            lambda: (
                _(
                    "The sheet is %(rows)s rows by %(columns)s columns, as the file says; at most "
                    "%(max_rows)s rows below the column names and %(max_columns)s columns can be "
                    "read. If fewer cells are in use, copy them to a new workbook and upload that."
                )
                % {
                    "rows": 1_048_576,
                    "columns": 2,
                    "max_rows": settings.INPUT_IMPORT_MAX_ROWS,
                    "max_columns": 200,
                }
            ),
        ),
        (
            "enkat.xlsx",
            bombs.far_row,
            lambda: (
                _(
                    "The file has more than %(max)s rows below the column names; at most %(max)s "
                    "can be read at once."
                )
                % {"max": settings.INPUT_IMPORT_MAX_ROWS}
            ),
        ),
        (
            "enkat.xlsx",
            bombs.zip_bomb,
            lambda: (
                _(
                    "The workbook unpacks to more than %(mb)s MB, or is packed suspiciously "
                    "tightly; it cannot be read."
                )
                % {"mb": f"{settings.INPUT_IMPORT_MAX_UNCOMPRESSED_BYTES / 1024**2:g}"}
            ),
        ),
        (
            "enkat.csv",
            lambda: b"Synpunkt;Datum\n\x81\x8d;2026-01-05\n",  # was UnboundLocalError
            lambda: _(
                "The file's characters could not be read. Save it as CSV UTF-8 (in Excel: "
                "Save as, CSV UTF-8) and upload it again."
            ),
        ),
        (
            "enkat.csv",
            lambda: _csv_bytes(SURVEY_CSV + "x" * 131_073 + ";2026-01-05\n"),  # was _csv.Error
            lambda: (
                _("Row %(row)s has a cell longer than %(max)s characters.")
                % {"row": 3, "max": 10_000}
            ),
        ),
        (
            "enkat.csv",
            lambda: _csv_bytes(SURVEY_CSV + "Bän\x00kar;2026-01-05\n"),  # was a DataError
            lambda: (
                _(
                    "Row %(row)s, column %(column)s contains a control character (%(char)s) that "
                    "cannot be stored. Remove it and upload the file again."
                )
                % {"row": 3, "column": 1, "char": "U+0000"}
            ),
        ),
    ],
    ids=["dimension-bomb", "full-height", "far-row", "zip-bomb", "undecodable", "huge-cell", "nul"],
)
def test_a_hostile_or_broken_file_is_a_field_error(client, cast, execution, name, make, message):
    client.force_login(cast.official)
    response = client.post(url(execution), {"file": SimpleUploadedFile(name, make())})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [message()]
    assert "token" not in response.context and not InputItem.objects.exists()


def test_a_nul_byte_never_reaches_the_database(client, cast, execution):
    """On PostgreSQL a NUL in a text column was a 500 at confirmation; now the upload is
    refused and nothing waits in the session."""
    client.force_login(cast.official)
    upload = SimpleUploadedFile("enkat.csv", _csv_bytes(SURVEY_CSV.replace("torget", "tor\x00get")))
    assert client.post(url(execution), {"file": upload}).status_code == 400
    assert f"dialog-import-{execution.pk}" not in client.session
    assert not InputItem.objects.exists()


def test_a_utf16_file_as_excel_saves_unicode_text_imports(client, cast, execution):
    client.force_login(cast.official)
    tab_separated = SURVEY_CSV.replace(";", "\t").encode("utf-16")  # with its BOM
    response = client.post(url(execution), {"file": SimpleUploadedFile("enkat.txt", tab_separated)})
    assert response.status_code == 200
    token = response.context["token"]
    assert client.post(url(execution), {"confirm": "1", "token": token}).status_code == 302
    assert InputItem.objects.get().text == "Fler bänkar på torget"


def test_the_file_limit_messages_are_swedish(client, cast, execution):
    """Needs the lead's merge of the translation fragments."""
    client.force_login(cast.official)
    with translation.override("sv"):
        response = client.post(
            url(execution), {"file": SimpleUploadedFile("enkat.xlsx", bombs.full_height())}
        )
    assert response.status_code == 400
    assert "kolumner" in response.context["form"].errors["file"][0]

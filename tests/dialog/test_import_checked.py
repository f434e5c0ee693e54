"""The preview's checked rows (issue 11): the preview reads and checks the upload once and
writes every good row to a file that waits beside it; the confirmation only inserts those rows
(on PostgreSQL one COPY of the file's lines), reading neither the upload nor a rule again."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialog import importers, services
from dialog.importers import CheckedRowsWriter, RawRow, checked_blocks, clean_row, read_checked
from dialog.models import Gender, ImportBatch, InputItem, State
from dialog.services import execution as execution_services
from tests.factories import make_dialogue, put_in_state

pytestmark = pytest.mark.django_db

# Every character the COPY text format escapes, and what looks like its escapes.
TRICKY = [
    "Tab\there",
    "Rad ett\nrad två",
    "Vagnretur\r\nslut",
    "Bak\\snedstreck \\N \\t \\\\ \\.",
    "\\",
    "slut med \\",
    'Å ä ö – “citat” 😀 ;,"',
]


def day(n: int = 3) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


def checked_values(texts=TRICKY) -> list[dict]:
    rows = []
    for n, text in enumerate(texts):
        raw = RawRow(
            line=n + 2,
            values={
                "text": text,
                "received_on": day(n),
                "age_band": "25-44" if n % 2 else "",
                "gender": "kvinna" if n % 2 else "",
                "area": f"Område\t{n}\\",
                "within_purpose": "nej" if n % 3 == 0 else "ja",
                "source": "brev" if n % 2 else "",
            },
        )
        values, errors = clean_row(raw)
        assert errors == []
        rows.append(values)
    return rows


def written(rows: list[dict]) -> io.BytesIO:
    buffer = io.BytesIO()
    writer = CheckedRowsWriter(buffer)
    for values in rows:
        writer.write(values)
    writer.finish()
    buffer.seek(0)
    return buffer


def as_tuple(values: dict) -> tuple:
    return (
        values["text"],
        values["received_on"].isoformat(),
        values["age_band"],
        values["gender"],
        values["area"],
        values["within_purpose"],
        values["source"],
    )


# -- The file --------------------------------------------------------------------------------


def test_checked_rows_read_back_as_they_were_written():
    rows = checked_values()
    assert list(read_checked(written(rows))) == [as_tuple(values) for values in rows]


def test_every_value_stays_on_its_own_line():
    """A line feed, carriage return or tab in a value is escaped: one line per row, as COPY
    reads it, with the fields in INPUT_FIELDS' order."""
    data = written(checked_values()).getvalue()
    header, *lines = data.split(b"\n")
    assert header == b"delaktig-checked-rows 1 " + f"{len(TRICKY):010d}".encode()
    assert lines.pop() == b""
    assert len(lines) == len(TRICKY)
    assert all(line.count(b"\t") == len(importers.INPUT_FIELDS) - 1 for line in lines)
    assert lines[0].split(b"\t")[0] == b"Tab\\there"
    assert lines[2].split(b"\t")[0] == b"Vagnretur\\r\\nslut"


@pytest.mark.parametrize("size", [1, 7, 64, 1024 * 1024])
def test_the_blocks_for_copy_add_the_shared_columns_to_every_line(size):
    data = written(checked_values())
    blocks = list(checked_blocks(data, suffix=b"\t1\t2", size=size))
    assert all(block.endswith(b"\t1\t2\n") for block in blocks)
    lines = b"".join(blocks).split(b"\n")[:-1]
    body = data.getvalue().split(b"\n", 1)[1].split(b"\n")[:-1]
    assert lines == [line + b"\t1\t2" for line in body]


def _cut_last_row(data: bytes) -> bytes:
    return data.rsplit(b"\n", 2)[0] + b"\n"


@pytest.mark.parametrize(
    ("damage", "lines_wrong"),
    [
        (_cut_last_row, True),
        (lambda data: data + b"extra\t2026-01-01\t\t\t\tt\tsurvey\n", True),
        (lambda data: data[:-5], True),  # cut within a row
        (lambda data: data.replace(b"rows 1 ", b"rows 2 ", 1), True),
        (lambda data: data.replace(b"0000000007", b"000000000x", 1), True),
        (lambda data: b"", True),
        (lambda data: data.replace(b"\tt\t", b"\t", 1), False),  # a field fewer
        (lambda data: data.replace("Å".encode(), b"\xff", 1), False),
    ],
    ids=["row-lost", "row-added", "cut", "version", "count", "empty", "field-lost", "bytes"],
)
def test_a_damaged_file_is_refused_as_a_whole(damage, lines_wrong):
    data = damage(written(checked_values()).getvalue())
    with pytest.raises(ValidationError) as error:
        list(read_checked(io.BytesIO(data)))
    assert error.value.code == "damaged"
    if lines_wrong:
        # The blocks for COPY count the lines; a row's fields are PostgreSQL's to refuse.
        with pytest.raises(ValidationError) as error:
            list(checked_blocks(io.BytesIO(data), suffix=b"\t1"))
        assert error.value.code == "damaged"


def test_the_preview_writes_nothing_after_the_first_bad_row(cast, execution, monkeypatch):
    monkeypatch.setattr(importers, "_LINES_PER_WRITE", 1)
    lines = ["Synpunkt;Datum", f"Ett;{day()}", "Två;igår", f"Tre;{day()}"]
    buffer = io.BytesIO()
    preview = services.preview_import(
        dialogue_id=execution.pk,
        user=cast.official,
        raw_rows=importers.iter_input_file(io.BytesIO("\n".join(lines).encode()), kind="csv"),
        into=buffer,
    )
    assert (preview.count, preview.error_count) == (2, 1)
    # Never finished: it says it holds no rows, so it could not be imported either.
    first = b"Ett\t" + day().encode() + b"\t\t\t\tt\tsurvey"
    assert buffer.getvalue().split(b"\n") == [b"delaktig-checked-rows 1 0000000000", first, b""]
    with pytest.raises(ValidationError):
        list(read_checked(buffer))


# -- The service -------------------------------------------------------------------------------


@pytest.fixture
def execution(dialogue):
    return put_in_state(dialogue, State.EXECUTION)


def survey_csv(texts) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Synpunkt", "Datum", "Ålder", "Kön", "Område", "Inom syftet", "Källa"])
    for n, text in enumerate(texts):
        writer.writerow([text, day(n), "25-44", "kvinna", f"Norr\\by {n}", "nej" if n else "", ""])
    return out.getvalue().encode()


def preview_into(cast, dialogue, data: bytes) -> io.BytesIO:
    buffer = io.BytesIO()
    services.preview_import(
        dialogue_id=dialogue.pk,
        user=cast.official,
        raw_rows=importers.iter_input_file(io.BytesIO(data), kind="csv"),
        into=buffer,
    )
    return buffer


def test_checked_rows_land_exactly_in_both_tables(cast, execution):
    """Every character the COPY text format escapes comes through (both databases)."""
    texts = [text.strip() for text in TRICKY]
    checked = preview_into(cast, execution, survey_csv(TRICKY))
    batch = services.import_inputs(
        dialogue_id=execution.pk, user=cast.official, file_name="enkat.csv", checked=checked
    )
    assert batch.row_count == len(TRICKY)
    fields = ["text", "received_on", "age_band", "gender", "area", "within_purpose", "source"]
    items = list(InputItem.objects.filter(import_batch=batch).order_by("pk").values(*fields))
    history = list(
        InputItem.history.filter(import_batch_id=batch.pk).order_by("id").values(*fields)
    )
    assert items == history
    assert [item["text"] for item in items] == texts
    assert items[1] == {
        "text": texts[1],
        "received_on": timezone.localdate() - timedelta(days=1),
        "age_band": "25-44",
        "gender": Gender.WOMAN,
        "area": "Norr\\by 1",
        "within_purpose": False,
        "source": InputItem.Source.SURVEY,
    }
    assert items[0]["within_purpose"] is True
    item = InputItem.objects.filter(import_batch=batch).first()
    assert (item.dialogue_id, item.created_by_id, item.activity_id, item.withdrawn_at) == (
        execution.pk,
        cast.official.pk,
        None,
        None,
    )
    assert item.created_at == item.updated_at
    assert set(
        InputItem.history.filter(import_batch_id=batch.pk).values_list(
            "history_type", "history_user_id"
        )
    ) == {("+", cast.official.pk)}


def test_damaged_checked_rows_save_nothing(cast, execution):
    data = _cut_last_row(
        preview_into(cast, execution, survey_csv(["Ett", "Två", "Tre"])).getvalue()
    )
    with pytest.raises(ValidationError) as error:
        services.import_inputs(
            dialogue_id=execution.pk,
            user=cast.official,
            file_name="enkat.csv",
            checked=io.BytesIO(data),
        )
    assert error.value.code == "damaged"
    assert not InputItem.objects.exists() and not ImportBatch.objects.exists()
    assert not InputItem.history.exists()


def test_checked_rows_refused_by_the_database_save_nothing(cast, execution):
    """A line whose fields the database cannot take (here a date that is none): a clear
    refusal, not a crash, and nothing saved."""
    data = preview_into(cast, execution, survey_csv(["Ett", "Två"])).getvalue()
    data = data.replace(day(1).encode(), b"2026-13-45", 1)
    try:
        services.import_inputs(
            dialogue_id=execution.pk,
            user=cast.official,
            file_name="enkat.csv",
            checked=io.BytesIO(data),
        )
    except ValidationError as error:
        assert error.code == "damaged"
    else:
        # SQLite stores a date's text as given: no refusal there, the rows are as written.
        assert connection.vendor == "sqlite"
        return
    assert not InputItem.objects.exists() and not ImportBatch.objects.exists()


def test_a_file_of_no_checked_rows_imports_nothing(cast, execution):
    with pytest.raises(ValidationError):
        services.import_inputs(
            dialogue_id=execution.pk, user=cast.official, file_name="x.csv", checked=written([])
        )
    assert not ImportBatch.objects.exists()


def test_the_checked_imports_queries_do_not_grow_with_rows(cast, monkeypatch):
    monkeypatch.setattr(execution_services, "BATCH_SIZE", 1000)
    small = put_in_state(make_dialogue(cast), State.EXECUTION)
    large = put_in_state(make_dialogue(cast, title="Stor dialog"), State.EXECUTION)
    counts = []
    for dialogue, rows in ((small, 3), (large, 60)):
        checked = preview_into(cast, dialogue, survey_csv([f"Rad {n}" for n in range(rows)]))
        with CaptureQueriesContext(connection) as queries:
            services.import_inputs(
                dialogue_id=dialogue.pk, user=cast.official, file_name="x.csv", checked=checked
            )
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert InputItem.objects.filter(dialogue=large).count() == 60
    assert InputItem.history.filter(dialogue_id=large.pk).count() == 60


# -- The pages: the upload read once -----------------------------------------------------------


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def url(dialogue):
    return reverse("dialog:import_inputs", args=[dialogue.pk])


@pytest.fixture
def reads(monkeypatch):
    """How often the upload is read (the shared reader) and a row checked."""
    calls = {"read_table": 0, "clean_row": 0}

    def counting(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(importers, "read_table", counting("read_table", importers.read_table))
    monkeypatch.setattr(importers, "clean_row", counting("clean_row", importers.clean_row))
    return calls


def upload(data: bytes, name="enkat.csv"):
    return SimpleUploadedFile(name, data, "text/csv")


def test_the_confirmation_neither_reads_nor_checks_the_upload_again(client, cast, execution, reads):
    client.force_login(cast.official)
    response = client.post(url(execution), {"file": upload(survey_csv(["Ett", "Två", "Tre"]))})
    assert response.status_code == 200
    assert reads == {"read_table": 1, "clean_row": 3}
    response = client.post(url(execution), {"confirm": "1", "token": response.context["token"]})
    assert response.status_code == 302
    assert reads == {"read_table": 1, "clean_row": 3}  # nothing more
    assert InputItem.objects.filter(dialogue=execution).count() == 3


def test_an_xlsx_workbook_is_read_once(client, cast, execution, reads):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Synpunkt", "Datum"])
    for n in range(5):
        book.active.append([f"Rad {n}", day(n)])
    data = io.BytesIO()
    book.save(data)
    client.force_login(cast.official)
    token = client.post(url(execution), {"file": upload(data.getvalue(), "enkat.xlsx")}).context[
        "token"
    ]
    assert client.post(url(execution), {"confirm": "1", "token": token}).status_code == 302
    assert reads == {"read_table": 1, "clean_row": 5}
    assert InputItem.objects.filter(dialogue=execution).count() == 5


def test_a_preview_kept_without_checked_rows_reads_the_upload(
    client, cast, execution, media, reads
):
    """A preview kept before the checked rows were (or whose checked rows are gone): the
    confirmation reads and checks the stored upload, as it did."""
    client.force_login(cast.official)
    token = client.post(url(execution), {"file": upload(survey_csv(["Ett", "Två"]))}).context[
        "token"
    ]
    (media / "imports" / f"{cast.official.pk}-{execution.pk}-{token}.rows").unlink()
    response = client.post(url(execution), {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert reads == {"read_table": 2, "clean_row": 4}
    assert InputItem.objects.filter(dialogue=execution).count() == 2
    assert not (media / "imports").exists() or not list((media / "imports").iterdir())

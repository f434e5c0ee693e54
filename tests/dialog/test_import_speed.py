"""The survey import's speed work (issue 11, bench/import_speed.py): what each value means is
worked out once per distinct value, the day once per import, rows are inserted as tuples with
every field; and the import stays correct for every kind of value."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from openpyxl import Workbook

from dialog import importers, services
from dialog.importers import RawRow, clean_row
from dialog.models import Gender, InputItem, State
from tests.factories import put_in_state

pytestmark = pytest.mark.django_db


def raw(line=2, **values) -> RawRow:
    base = {"text": "Fler bänkar", "received_on": "2026-01-05"}
    return RawRow(line=line, values={**base, **values})


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"age_band": "18 – 24 år"}, {"age_band": "18-24"}),
        ({"age_band": "80 och äldre"}, {"age_band": "80+"}),
        ({"gender": " Kvinna "}, {"gender": Gender.WOMAN}),
        ({"within_purpose": "Nej"}, {"within_purpose": False}),
        ({"within_purpose": ""}, {"within_purpose": True}),
        ({"source": "E-post"}, {"source": InputItem.Source.EMAIL}),
        ({"source": ""}, {"source": InputItem.Source.SURVEY}),
        ({"received_on": "2026-01-05 14:30"}, {"received_on": date(2026, 1, 5)}),
        ({"area": " Norrby " + "x" * 200}, {"area": "Norrby " + "x" * 113}),
    ],
)
def test_each_value_means_what_it_meant(values, expected):
    cleaned, errors = clean_row(raw(**values), today=date(2026, 6, 1))
    assert errors == []
    assert {key: cleaned[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"age_band": "130"}, "row 7: unknown age band “130”"),
        ({"gender": "okänt"}, "row 7: unknown gender “okänt”"),
        ({"within_purpose": "kanske"}, "row 7: “kanske” is not yes or no (within the purpose)"),
        ({"source": "duva"}, "row 7: unknown source “duva”"),
        ({"received_on": "5/1"}, "row 7: “5/1” is not a date (write it as YYYY-MM-DD)"),
        ({"received_on": "2026-07-01"}, "row 7: the date 2026-07-01 is in the future"),
    ],
)
def test_an_unknown_value_is_an_error_every_time_it_comes(values, error):
    """The meanings are cached by value; an error is still one per row, with the row's line."""
    with translation.override("en"):
        for line in (7, 7):
            assert clean_row(raw(line=line, **values), today=date(2026, 6, 1))[1] == [error]
        assert clean_row(raw(line=8, **values), today=date(2026, 6, 1))[1] == [
            error.replace("row 7", "row 8")
        ]


def test_the_day_is_asked_once_per_import_not_once_per_row(cast, dialogue, monkeypatch):
    calls = []
    real = timezone.localdate

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(importers.timezone, "localdate", counting)
    execution = put_in_state(dialogue, State.EXECUTION)
    calls.clear()
    day = (real() - timedelta(days=2)).isoformat()
    data = "\n".join(["Synpunkt;Datum", *(f"Rad {n};{day}" for n in range(200))]).encode()
    services.import_inputs(
        dialogue_id=execution.pk,
        user=cast.official,
        file_name="enkat.csv",
        raw_rows=importers.iter_input_file(io.BytesIO(data), kind="csv"),
    )
    assert InputItem.objects.filter(dialogue=execution).count() == 200
    assert len(calls) <= 3  # the import's day, and the batch's and history's own clocks


def test_every_field_of_an_xlsx_survey_lands_in_both_tables(cast, dialogue):
    execution = put_in_state(dialogue, State.EXECUTION)
    day = timezone.localdate() - timedelta(days=10)
    book = Workbook()
    book.active.append(["Synpunkt", "Datum", "Ålder", "Kön", "Område", "Inom syftet", "Källa"])
    book.active.append(["Belysning\tpå gångvägen", day, "65-79", "man", "Norrby", "nej", "brev"])
    book.active.append(["Fler bänkar", day.isoformat(), "", "", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    batch = services.import_inputs(
        dialogue_id=execution.pk,
        user=cast.official,
        file_name="enkat.xlsx",
        raw_rows=importers.iter_input_file(buffer, kind="xlsx"),
    )
    fields = ["text", "received_on", "age_band", "gender", "area", "within_purpose", "source"]
    items = list(InputItem.objects.filter(import_batch=batch).order_by("pk").values(*fields))
    history = list(
        InputItem.history.filter(import_batch_id=batch.pk).order_by("id").values(*fields)
    )
    assert (
        items
        == history
        == [
            {
                "text": "Belysning\tpå gångvägen",
                "received_on": day,
                "age_band": "65-79",
                "gender": Gender.MAN,
                "area": "Norrby",
                "within_purpose": False,
                "source": InputItem.Source.LETTER,
            },
            {
                "text": "Fler bänkar",
                "received_on": day,
                "age_band": "",
                "gender": "",
                "area": "",
                "within_purpose": True,
                "source": InputItem.Source.SURVEY,
            },
        ]
    )
    item = InputItem.objects.filter(import_batch=batch).first()
    assert (item.dialogue_id, item.created_by_id, item.activity_id) == (
        execution.pk,
        cast.official.pk,
        None,
    )

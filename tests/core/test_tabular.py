"""The shared streaming reader: limits checked while reading, every encoding refused clearly."""

import codecs
import io

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core import tabular
from core.tabular import Limits, TableError, read_table

from . import bombs

ROWS_MESSAGE = (
    "The file has more than %(max)s rows below the column names; at most %(max)s can "
    "be read at once."
)
DECLARED_MESSAGE = (
    "The sheet is %(rows)s rows by %(columns)s columns, as the file says; at most "
    "%(max_rows)s rows below the column names and %(max_columns)s columns can be "
    "read. If fewer cells are in use, copy them to a new workbook and upload that."
)
COLUMNS_MESSAGE = "Row %(row)s has more than %(max)s columns; at most %(max)s can be read."
CELL_MESSAGE = "Row %(row)s has a cell longer than %(max)s characters."
UNPACKED_MESSAGE = (
    "The workbook unpacks to more than %(mb)s MB, or is packed suspiciously tightly; "
    "it cannot be read."
)
ENCODING_MESSAGE = (
    "The file's characters could not be read. Save it as CSV UTF-8 (in Excel: Save as, "
    "CSV UTF-8) and upload it again."
)
CONTROL_MESSAGE = (
    "Row %(row)s, column %(column)s contains a control character "
    "(%(char)s) that cannot be stored. Remove it and upload the file again."
)
LIMITS = Limits()


def refusal(data: bytes, kind: str, limits: Limits = LIMITS) -> TableError:
    with pytest.raises(TableError) as error:
        list(read_table(data, kind=kind, limits=limits))
    return error.value


def declared(rows, columns, limits=LIMITS):
    return _(DECLARED_MESSAGE) % {
        "rows": rows,
        "columns": columns,
        "max_rows": limits.max_rows,
        "max_columns": limits.max_columns,
    }


@pytest.fixture
def openpyxl_never_opens(monkeypatch):
    """The refusal must come before openpyxl builds anything."""

    def fail(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open a hostile workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", fail)


# -- XLSX: the bombs -------------------------------------------------------------------------


@pytest.mark.usefixtures("openpyxl_never_opens")
def test_the_dimension_bomb_is_refused():
    error = refusal(bombs.dimension_bomb(), "xlsx")
    assert (error.code, error.message) == ("declared_too_large", declared(20000, 16384))


@pytest.mark.usefixtures("openpyxl_never_opens")
def test_a_sheet_declaring_every_row_excel_allows_is_refused():
    error = refusal(bombs.full_height(), "xlsx")
    assert (error.code, error.message) == ("declared_too_large", declared(1_048_576, 2))


@pytest.mark.usefixtures("openpyxl_never_opens")
def test_the_zip_bomb_is_refused_from_its_member_sizes():
    error = refusal(bombs.zip_bomb(), "xlsx")
    assert error.code == "too_large_unpacked"
    assert error.message == _(UNPACKED_MESSAGE) % {"mb": "25"}


@pytest.mark.usefixtures("openpyxl_never_opens")
def test_an_archive_unpacking_beyond_the_total_is_refused():
    error = refusal(bombs.zip_bomb(megabytes=2), "xlsx", Limits(max_uncompressed_bytes=1024**2))
    assert error.message == _(UNPACKED_MESSAGE) % {"mb": "1"}


@pytest.mark.usefixtures("openpyxl_never_opens")
def test_an_undeclared_far_corner_is_refused_at_its_row():
    error = refusal(bombs.dimension_bomb(declare=False), "xlsx")
    assert error.code == "too_many_rows" and error.row == 20000
    assert error.message == _(ROWS_MESSAGE) % {"max": 5000}


@pytest.mark.usefixtures("openpyxl_never_opens")
def test_a_last_row_numbered_1048576_is_refused():
    error = refusal(bombs.far_row(), "xlsx")
    assert (error.code, error.row) == ("too_many_rows", 1_048_576)


@pytest.mark.usefixtures("openpyxl_never_opens")
def test_a_cell_in_the_last_column_is_refused():
    error = refusal(bombs.dimension_bomb(last=3, declare=False), "xlsx")
    assert (error.code, error.row) == ("too_many_columns", 3)
    assert error.message == _(COLUMNS_MESSAGE) % {"row": 3, "max": 200}


@pytest.mark.usefixtures("openpyxl_never_opens")
def test_too_many_cells_in_one_row_are_refused_while_scanning():
    cells = "".join(f"<c><v>{n}</v></c>" for n in range(201))
    data = bombs.with_sheet(bombs._sheet(f"<row>{cells}</row>"))
    assert refusal(data, "xlsx").code == "too_many_columns"


@pytest.mark.usefixtures("openpyxl_never_opens")
def test_a_sheet_with_a_dtd_is_refused():
    sheet = bombs._sheet("<row><c><v>1</v></c></row>").replace(
        "<worksheet", '<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1
    )
    error = refusal(bombs.with_sheet(sheet), "xlsx")
    assert error.code == "unreadable"


def workbook(rows, *, extra_sheet_rows=0) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    if extra_sheet_rows:
        other = book.create_sheet("Rådata")
        for n in range(extra_sheet_rows):
            other.append([n])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_ordinary_workbook_is_read_with_its_row_numbers():
    data = workbook([["Synpunkt", "Datum"], ["Bänkar", None], [None, None], ["Ljus", 3.0]])
    assert list(read_table(data, kind="xlsx")) == [
        (1, ["Synpunkt", "Datum"]),
        (2, ["Bänkar"]),
        (3, []),
        (4, ["Ljus", "3"]),
    ]


def test_a_workbook_at_the_row_limit_is_read_and_one_more_is_refused():
    limits = Limits(max_rows=3)
    rows = [["titel"], *[[f"Policy {n}"] for n in range(3)]]
    assert len(list(read_table(workbook(rows), kind="xlsx", limits=limits))) == 4
    # openpyxl writes the true size, so the declaration already says it is too long.
    error = refusal(workbook([*rows, ["Policy 4"]]), "xlsx", limits)
    assert (error.code, error.message) == ("declared_too_large", declared(5, 1, limits))


def test_a_long_cell_in_a_workbook_is_refused():
    error = refusal(workbook([["titel"], ["x" * 10_001]]), "xlsx")
    assert error.message == _(CELL_MESSAGE) % {"row": 2, "max": 10_000}


def test_a_broken_workbook_is_unreadable():
    assert refusal(b"PK\x03\x04 not really", "xlsx").code == "unreadable"


# -- CSV: encodings ------------------------------------------------------------------------

TEXT = "Synpunkt;Datum\nFler bänkar på torget;2026-01-05\n"
EXPECTED = [(1, ["Synpunkt", "Datum"]), (2, ["Fler bänkar på torget", "2026-01-05"])]


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with its BOM, as Excel's "Unicode text" saves it
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "utf-32", "windows-1252"],
)
def test_each_readable_encoding_gives_the_same_rows(data):
    assert list(read_table(data, kind="csv")) == EXPECTED


@pytest.mark.parametrize(
    "data",
    [
        b"Synpunkt;Datum\n\x81\x8d;2026-01-05\n",  # neither UTF-8 nor Windows-1252
        TEXT.encode("utf-16-le"),  # UTF-16 without the byte order mark
        codecs.BOM_UTF16_LE + b"\x00\xd8",  # says UTF-16, a lone surrogate follows
    ],
    ids=["undecodable", "utf-16-without-bom", "broken-utf-16"],
)
def test_what_cannot_be_decoded_is_refused_with_a_reason(data):
    error = refusal(data, "csv")
    assert (error.code, error.message) == ("encoding", _(ENCODING_MESSAGE))


def test_a_cell_beyond_the_csv_modules_own_limit_is_refused_with_its_row():
    data = ("Synpunkt;Datum\nkort;2026-01-05\n" + "x" * 200_000 + ";2026-01-05\n").encode()
    error = refusal(data, "csv")
    assert (error.code, error.row) == ("cell_too_large", 3)
    assert error.message == _(CELL_MESSAGE) % {"row": 3, "max": 10_000}


def test_a_cell_beyond_our_limit_is_refused():
    error = refusal(("titel\n" + "x" * 10_001 + "\n").encode(), "csv")
    assert (error.code, error.row) == ("cell_too_large", 2)


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1b", "\x85"])
def test_a_control_character_is_refused_with_its_row_and_column(char):
    data = f"Synpunkt;Datum\nBra;2026-01-05\nBän{char}kar;2026-01-05\n".encode()
    error = refusal(data, "csv")
    assert error.code == "control_character" and error.row == 3
    assert error.message == _(CONTROL_MESSAGE) % {
        "row": 3,
        "column": 1,
        "char": f"U+{ord(char):04X}",
    }


def test_a_control_character_in_a_later_column_is_named_by_its_column():
    """The row is searched whole first (its cells joined by tabs); the column named is still
    the cell's."""
    data = "Synpunkt;Datum;Område\nBra\tbänk;2026-01-05;Norr\x1fby\n".encode()
    error = refusal(data, "csv")
    assert (error.code, error.row) == ("control_character", 2)
    assert error.message == _(CONTROL_MESSAGE) % {"row": 2, "column": 3, "char": "U+001F"}


def test_a_long_cell_after_short_ones_is_refused():
    data = ("a;b;c\nkort;kort;" + "x" * 10_001 + "\n").encode()
    assert refusal(data, "csv").code == "cell_too_large"


def test_tabs_and_line_breaks_inside_a_quoted_cell_are_kept():
    data = 'Synpunkt;Datum\n"Rad ett\r\nrad\ttvå";2026-01-05\n'.encode()
    assert list(read_table(data, kind="csv"))[1] == (2, ["Rad ett\r\nrad\ttvå", "2026-01-05"])


def test_rows_and_columns_beyond_the_limits_are_refused():
    limits = Limits(max_rows=2, max_columns=2)
    assert refusal(b"a\n1\n2\n3\n", "csv", limits).row == 4
    error = refusal(b"a;b\n1;2;3\n", "csv", limits)
    assert (error.code, error.row) == ("too_many_columns", 2)
    assert len(list(read_table(b"a;b;;;\n1;2;;\n", kind="csv", limits=limits))) == 2


def test_the_reader_stops_at_the_first_limit():
    rows = read_table(b"a\n1\n2\n3\n" + b"4\n" * 100_000, kind="csv", limits=Limits(max_rows=2))
    read = []
    with pytest.raises(TableError):
        for row in rows:
            read.append(row)
    assert [number for number, _cells in read] == [1, 2, 3]


def test_a_file_over_the_size_limit_is_refused_before_reading():
    error = refusal(b"x" * 2048, "csv", Limits(max_bytes=1024))
    assert error.code == "too_large"


def test_lines_are_numbered_and_counted_without_a_header():
    assert list(read_table(b"Policy\n\nPlan\r\n", kind="lines")) == [
        (1, ["Policy"]),
        (2, []),
        (3, ["Plan"]),
    ]
    error = refusal(b"a\nb\nc\n", "lines", Limits(max_rows=2))
    assert error.message == _(
        "The file has more than %(max)s lines; at most %(max)s can be read at once."
    ) % {"max": 2}


def test_the_refusals_are_in_swedish():
    """Needs the lead's merge of the translation fragments."""
    with translation.override("sv"):
        assert "rader" in refusal(bombs.full_height(), "xlsx").message
        assert "tecken" in refusal(b"\x81\x8d\n", "csv").message


def test_column_letters_round_trip():
    for index in (1, 26, 27, 200, 702, 703, 16384):
        assert tabular._column_index(tabular._column_letters(index)) == index

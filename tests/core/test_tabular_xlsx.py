"""The XLSX reader on expat (issue 11): the same text as openpyxl gave, from the parts a real
Excel file has (shared strings, date styles, rich text, the 1904 calendar), never opening the
workbook with openpyxl."""

import io
import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest
from openpyxl import Workbook

from core.tabular import TableError, cell_text, read_table

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


@pytest.fixture(autouse=True)
def openpyxl_never_opens(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("the reader opened the workbook with openpyxl")

    monkeypatch.setattr(openpyxl, "load_workbook", fail)


def excel_file(
    rows_xml: str, *, shared=(), styles: str = "", date1904=False, sheet="sheet7.xml"
) -> bytes:
    """A workbook as Excel writes it: shared strings, a styles part, the sheet under a name
    the workbook's relations give (not necessarily sheet1.xml)."""
    strings = "".join(
        item if item.startswith("<si>") else f"<si><t>{item}</t></si>" for item in shared
    )
    parts = {
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
            + ('<workbookPr date1904="1"/>' if date1904 else "")
            + '<sheets><sheet name="Enkät" sheetId="1" r:id="rId3"/>'
            '<sheet name="Rådata" sheetId="2" r:id="rId4"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/styles" Target="/xl/styles.xml"/>'
            f'<Relationship Id="rId3" Type="{RELS}/worksheet" Target="worksheets/{sheet}"/>'
            f'<Relationship Id="rId4" Type="{RELS}/worksheet" Target="worksheets/other.xml"/>'
            "</Relationships>"
        ),
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{strings}</sst>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>',
        f"xl/worksheets/{sheet}": (
            f'<worksheet xmlns="{MAIN}"><sheetData>{rows_xml}</sheetData></worksheet>'
        ),
        "xl/worksheets/other.xml": (
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c t="inlineStr"><is><t>fel '
            "blad</t></is></c></row></sheetData></worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


# Style 0 general, 1 a built-in date (14), 2 a custom date, 3 a time, 4 a duration.
STYLES = (
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="hh:mm"/><numFmt numFmtId="166" formatCode="[h]:mm"/>'
    "</numFmts>"
    '<cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs>'  # not a cell style: ignored
    '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="165"/><xf numFmtId="166"/></cellXfs>'
)


def test_shared_strings_dates_and_numbers_as_excel_writes_them():
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>46027</v></c>'
        '<c r="C2" s="2"><v>46028.75</v></c><c r="D2"><v>3.0</v></c><c r="E2"><v>0.25</v></c>'
        '<c r="F2" t="b"><v>1</v></c><c r="G2" t="e"><v>#N/A</v></c>'
        '<c r="H2" t="str"><f>A1&amp;"!"</f><v>Synpunkt!</v></c><c r="I2" s="3"><v>0.5</v></c>'
        '<c r="J2" s="4"><v>1.5</v></c><c r="K2"><v>1E3</v></c><c r="L2" s="1"/></row>'
    )
    shared = [
        "Synpunkt",
        "Datum",
        '<si><r><t>Fler </t></r><r><rPr><b/></rPr><t xml:space="preserve">bänkar </t></r>'
        "<rPh><t>BÄNKAR</t></rPh><r><t>på torget</t></r></si>",
    ]
    data = excel_file(rows, shared=shared, styles=STYLES)
    assert list(read_table(data, kind="xlsx")) == [
        (1, ["Synpunkt", "Datum"]),
        (
            2,
            [
                "Fler bänkar på torget",
                "2026-01-05",
                "2026-01-06",
                "3",
                "0.25",
                "True",
                "#N/A",
                "Synpunkt!",
                "12:00:00",
                "1 day, 12:00:00",
                "1000",
            ],
        ),
    ]


def test_the_1904_calendar():
    rows = '<row r="1"><c t="s"><v>0</v></c></row><row r="2"><c s="1"><v>44565</v></c></row>'
    data = excel_file(rows, shared=["Datum"], styles=STYLES, date1904=True)
    assert list(read_table(data, kind="xlsx"))[1] == (2, ["2026-01-05"])


def test_cells_and_rows_are_placed_by_their_references():
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
        '<row r="4"><c r="B4"><v>7</v></c><c r="B4"><v>8</v></c></row>'  # the last one counts
        '<row r="3"><c r="A3"><v>9</v></c></row>'  # out of order: skipped, as openpyxl did
        "<row><c><v>5</v></c><c><v>6</v></c></row>"  # no references: the next row and columns
    )
    data = excel_file(rows, shared=["a", "c"], styles=STYLES)
    assert list(read_table(data, kind="xlsx")) == [
        (1, ["a", "", "c"]),
        (2, []),
        (3, []),
        (4, ["", "8"]),
        (5, ["5", "6"]),
    ]


def test_a_shared_string_that_is_not_there_or_a_broken_number_is_unreadable():
    for cell in ('<c t="s"><v>5</v></c>', "<c><v>drei</v></c>", '<c r="1A"><v>1</v></c>'):
        data = excel_file(f'<row r="1">{cell}</row>', shared=["a"], styles=STYLES)
        with pytest.raises(TableError) as error:
            list(read_table(data, kind="xlsx"))
        assert error.value.code == "unreadable"


def test_a_long_shared_string_is_refused_at_its_row():
    rows = '<row r="1"><c t="s"><v>0</v></c></row><row r="2"><c t="s"><v>1</v></c></row>'
    data = excel_file(rows, shared=["Synpunkt", "x" * 30_000], styles=STYLES)
    with pytest.raises(TableError) as error:
        list(read_table(data, kind="xlsx"))
    assert (error.value.code, error.value.row) == ("cell_too_large", 2)


def test_the_text_is_what_openpyxl_gave_for_every_kind_of_value():
    """The reader replaced openpyxl's read-only mode (with cell_text); a workbook openpyxl
    writes reads back as openpyxl itself read it."""
    values = [
        "Bänkar",
        "  padded  ",
        42,
        -7,
        3.0,
        2.5,
        1e-7,
        12345678901234,
        True,
        False,
        date(2026, 1, 5),
        datetime(2026, 1, 5, 14, 30),
        time(8, 15),
        None,
        "sist",
    ]
    book = Workbook()
    book.active.append([f"col{n}" for n in range(len(values))])
    book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    expected = [cell_text(v) for v in values]
    while expected and not expected[-1]:
        expected.pop()
    rows = list(read_table(buffer.getvalue(), kind="xlsx"))
    assert rows[1] == (2, expected)

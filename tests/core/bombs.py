"""Hostile workbooks for the reader's tests and `bench/import_limits.py`.

Each is a valid XLSX made by openpyxl whose first sheet's XML is then replaced. `rows` are the
real rows (header first) for the importer under test: SURVEY or DOCUMENTS.
"""

import io
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
SURVEY = [["Synpunkt", "Datum"], ["Fler bänkar på torget", "2026-01-05"]]
DOCUMENTS = [["titel", "typ"], ["Policy för medborgardialog", "Policy"]]


def _cell(text: str, ref: str = "") -> str:
    attribute = f' r="{ref}"' if ref else ""
    return f'<c{attribute} t="inlineStr"><is><t>{text}</t></is></c>'


def _row(cells, number: int | None = None) -> str:
    attribute = f' r="{number}"' if number else ""
    return f"<row{attribute}>{''.join(_cell(c) for c in cells)}</row>"


def with_sheet(sheet_xml: str) -> bytes:
    """An openpyxl workbook whose first sheet is `sheet_xml`."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = sheet_xml.encode() if member.filename == SHEET else source.read(member)
            target.writestr(member.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheet(body: str, dimension: str = "") -> str:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"{_HEAD}{declared}<sheetData>{body}</sheetData></worksheet>"


def dimension_bomb(rows=SURVEY, *, column: str = "XFD", last: int = 20_000, declare=True) -> bytes:
    """A sheet declaring `A1:XFD20000` with one cell in that far corner (the audit's 4.7 KB
    file): openpyxl's read-only mode then builds every row to the corner, 16,384 wide."""
    body = "".join(_row(r) for r in rows)
    body += f'<row r="{last}">{_cell("x", f"{column}{last}")}</row>'
    return with_sheet(_sheet(body, f"A1:{column}{last}" if declare else ""))


def full_height(rows=SURVEY) -> bytes:
    """A sheet declaring all 1,048,576 rows Excel allows (its real rows are few)."""
    return with_sheet(_sheet("".join(_row(r) for r in rows), "A1:B1048576"))


def far_row(rows=SURVEY, number: int = 1_048_576) -> bytes:
    """No declaration, but the last row is row `number`: openpyxl fills every row between."""
    body = "".join(_row(r) for r in rows[:-1]) + _row(rows[-1], number)
    return with_sheet(_sheet(body))


def zip_bomb(rows=SURVEY, *, megabytes: int = 4) -> bytes:
    """A few MB of one repeated row (no row numbers, no declaration) that packs to ~20 KB."""
    row = _row(rows[-1])
    body = _row(rows[0]) + row * (megabytes * 1024 * 1024 // len(row))
    return with_sheet(_sheet(body))

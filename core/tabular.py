"""One streaming reader for uploaded tables (CSV, XLSX, plain text lines).

`read_table` yields `(row number, [cell strings])` and checks its limits while it reads, before
the caller builds anything: the file's size, the number of rows, the number of columns, the
size of a cell, and for XLSX the archive's uncompressed size and compression ratio. It stops at
the first limit with a `TableError` whose message (in the user's language) names the row and
the limit; callers turn it into a form error.

Why not tablib or django-import-export: they load the whole file before any check. Why the XML
pre-scan: openpyxl pads every row to the width a sheet declares, fills every missing row up to
a declared or referenced row number, and keeps a whole row's cells in memory before handing it
over, so a few kilobytes can make it build hundreds of millions of cells.
"""

import codecs
import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO
from xml.parsers import expat

from django.utils.translation import gettext as _

KINDS = ("csv", "xlsx", "lines")
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
# Unicode category Cc (C0, DEL, C1) except tab and the line breaks a quoted cell may hold.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024  # the file as uploaded
    max_rows: int = 5000  # rows below the column names, blank ones included (lines: all)
    max_columns: int = 200
    max_cell_chars: int = 10_000
    max_uncompressed_bytes: int = 25 * 1024 * 1024  # XLSX: all members together
    max_compression_ratio: int = 100  # XLSX: per member above RATIO_FLOOR bytes
    max_members: int = 500  # XLSX: files in the archive


# Small members (styles, themes) may compress very well and cost nothing.
RATIO_FLOOR = 1024 * 1024


class TableError(ValueError):
    """The file cannot be read or breaks a limit. `message` is for the user."""

    def __init__(self, message: str, code: str, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.row = row


def read_table(
    data: bytes | BinaryIO, *, kind: str, limits: Limits = Limits()
) -> Iterator[tuple[int, list[str]]]:
    """The rows of the first sheet (XLSX), the records (CSV) or the lines, numbered from 1.

    `data` is the file's bytes or a seekable binary file; a file is read in chunks and never
    held whole, so a large upload costs little memory. Cells are stripped strings; dates
    become YYYY-MM-DD. A generator: the limits are checked as it goes, and it raises
    TableError at the first one broken.
    """
    if kind not in KINDS:
        raise ValueError(kind)
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size > limits.max_bytes:
        raise TableError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": _megabytes(limits.max_bytes)},
            "too_large",
        )
    if kind == "xlsx":
        rows = _xlsx_rows(stream, limits)
    else:
        rows = _text_rows(
            _text_stream(stream, lines=kind == "lines"), limits, lines=kind == "lines"
        )
    for number, cells in rows:
        _check_row(number, cells, limits, header=kind != "lines")
        yield number, cells


def decode(data: bytes) -> str:
    """The text of a file: UTF-8 (with or without BOM), UTF-16/32 with a BOM, or Windows-1252."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise _unreadable_text() from exc
    head = data[:1000]
    if head and head.count(0) * 4 >= len(head):
        # Many NUL bytes: UTF-16 or UTF-32 saved without the mark that says which.
        raise _unreadable_text()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Excel's "CSV (semikolonavgränsad)" on Swedish Windows. Latin-1 is not tried: the bytes
        # Windows-1252 leaves undefined would become control characters, i.e. garbage.
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _unreadable_text() from exc


def _text_stream(stream: BinaryIO, *, lines: bool) -> io.TextIOWrapper:
    """The file as text, decoded as `decode` would, without holding it whole.

    The codec is chosen first by checking the whole file chunk by chunk (discarding what is
    decoded), so a bad byte far down is refused before any row is handed over.
    """
    head = stream.read(1000)
    codec = None
    for bom, candidate in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            codec = candidate
            break
    candidates = [codec] if codec else ["utf-8", "cp1252"]
    if not codec and head and head.count(0) * 4 >= len(head):
        # Many NUL bytes: UTF-16 or UTF-32 saved without the mark that says which.
        raise _unreadable_text()
    for candidate in candidates:
        if _decodes(stream, candidate):
            stream.seek(0)
            # newline="" hands the csv module the line ends as they are (quoted line breaks).
            return io.TextIOWrapper(stream, encoding=candidate, newline=None if lines else "")
    raise _unreadable_text()


def _decodes(stream: BinaryIO, codec: str) -> bool:
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        while chunk := stream.read(_CHUNK * 16):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _unreadable_text() -> TableError:
    return TableError(
        _(
            "The file's characters could not be read. Save it as CSV UTF-8 (in Excel: Save as, "
            "CSV UTF-8) and upload it again."
        ),
        "encoding",
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _too_many_rows(limits: Limits, row: int, *, header: bool = True) -> TableError:
    if header:
        message = _(
            "The file has more than %(max)s rows below the column names; at most %(max)s can "
            "be read at once."
        )
    else:
        message = _("The file has more than %(max)s lines; at most %(max)s can be read at once.")
    return TableError(message % {"max": limits.max_rows}, "too_many_rows", row)


def _too_many_columns(limits: Limits, row: int) -> TableError:
    return TableError(
        _("Row %(row)s has more than %(max)s columns; at most %(max)s can be read.")
        % {"row": row, "max": limits.max_columns},
        "too_many_columns",
        row,
    )


def _cell_too_large(limits: Limits, row: int) -> TableError:
    return TableError(
        _("Row %(row)s has a cell longer than %(max)s characters.")
        % {"row": row, "max": limits.max_cell_chars},
        "cell_too_large",
        row,
    )


def _check_row(number: int, cells: list[str], limits: Limits, *, header: bool) -> None:
    if number > limits.max_rows + header:
        raise _too_many_rows(limits, number, header=header)
    while cells and not cells[-1]:
        cells.pop()  # trailing empty cells are what spreadsheets leave, not columns
    if len(cells) > limits.max_columns:
        raise _too_many_columns(limits, number)
    for column, cell in enumerate(cells, start=1):
        if len(cell) > limits.max_cell_chars:
            raise _cell_too_large(limits, number)
        control = _CONTROL.search(cell)
        if control:
            char = control.group()
            # PostgreSQL cannot store NUL, and no imported text needs a control character.
            raise TableError(
                _(
                    "Row %(row)s, column %(column)s contains a control character "
                    "(%(char)s) that cannot be stored. Remove it and upload the file again."
                )
                % {"row": number, "column": column, "char": f"U+{ord(char):04X}"},
                "control_character",
                number,
            )


# -- CSV and plain text --------------------------------------------------------------------------


def _text_rows(
    stream: io.TextIOWrapper, limits: Limits, *, lines: bool
) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from _records(stream, limits, lines=lines)
    finally:
        # The caller's file stays open (a wrapper closes what it wraps when it goes), unless
        # the caller has closed it already.
        if not stream.buffer.closed:
            stream.detach()


def _records(stream, limits: Limits, *, lines: bool) -> Iterator[tuple[int, list[str]]]:
    if lines:
        for number, line in enumerate(stream, start=1):
            yield number, [line.strip()]
        return
    first_line = stream.readline()  # the header line decides the delimiter
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(itertools.chain([first_line], stream), delimiter=delimiter)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # The csv module's own cell limit (131,072 characters) is process-wide; we keep it
            # and answer with our own message.
            if "field larger than field limit" in str(exc):
                raise _cell_too_large(limits, number + 1) from exc
            raise TableError(
                _("The CSV file could not be read at row %(row)s.") % {"row": number + 1},
                "unreadable",
                number + 1,
            ) from exc
        number += 1
        yield number, [cell.strip() for cell in cells]


# -- XLSX ------------------------------------------------------------------------------------


def _unreadable_workbook() -> TableError:
    return TableError(_("The file could not be read as an Excel workbook (.xlsx)."), "unreadable")


def _xlsx_rows(data: BinaryIO, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _unreadable_workbook() from exc
    with archive:
        members = archive.infolist()
        _check_archive(members, limits)
        for member in members:
            if member.filename.lower().endswith((".xml", ".rels")):
                _scan_xml(archive, member, limits)
    try:
        data.seek(0)
        workbook = load_workbook(data, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise _unreadable_workbook() from exc
    try:
        if not workbook.worksheets:
            raise _unreadable_workbook()
        sheet = workbook.worksheets[0]
        # Read-only mode pads every row to the declared width and up to the declared height.
        sheet.reset_dimensions()
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        try:
            # read_table counts the rows and cells as they come; the scan above bounded both.
            for number, row in rows:
                yield number, [cell_text(v) for v in row]
        except TableError:
            raise
        except Exception as exc:  # a damaged sheet shows only while it is read
            raise _unreadable_workbook() from exc
    finally:
        workbook.close()


def _check_archive(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse a zip bomb from the central directory, before anything is decompressed.

    The sizes there could lie, but zipfile never returns more bytes than a member declares
    (and checks its CRC), so the declared sizes bound what openpyxl can unpack.
    """
    too_large = TableError(
        _(
            "The workbook unpacks to more than %(mb)s MB, or is packed suspiciously tightly; "
            "it cannot be read."
        )
        % {"mb": _megabytes(limits.max_uncompressed_bytes)},
        "too_large_unpacked",
    )
    if len(members) > limits.max_members:
        raise too_large
    total = 0
    for member in members:
        total += member.file_size
        if total > limits.max_uncompressed_bytes:
            raise too_large
        if member.file_size > RATIO_FLOOR and member.file_size > limits.max_compression_ratio * max(
            member.compress_size, 1
        ):
            raise too_large


def _scan_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits) -> None:
    """Count the rows and cells of a sheet's XML with expat, building nothing.

    Refuses a declared size (`<dimension ref="A1:XFD20000"/>`) or a row or cell reference
    beyond the limits, too many cells in a row, and any DTD (no workbook has one; entity
    tricks need one). Every XML member is scanned, every sheet included: openpyxl reads every
    sheet's size when it opens a workbook.
    """
    parser = expat.ParserCreate(namespace_separator="}")
    row_tag, cell_tag = f"{_MAIN_NS}}}row", f"{_MAIN_NS}}}c"
    max_letters = _column_letters(limits.max_columns)
    max_row = limits.max_rows + 1
    row = cells = 0
    in_sheet = False  # calcChain.xml also has <c> elements, outside any sheet

    def start(name, attrs):
        nonlocal row, cells, in_sheet
        if name == cell_tag:
            if not in_sheet:
                return
            cells += 1
            letters = attrs.get("r", "").rstrip("0123456789").lstrip("$").rstrip("$").upper()
            if cells > limits.max_columns or (len(letters), letters) > (
                len(max_letters),
                max_letters,
            ):
                raise _too_many_columns(limits, row)
        elif name == row_tag:
            reference = attrs.get("r", "")
            row = int(reference) if reference.isdigit() else row + 1
            cells = 0
            if row > max_row:
                raise _too_many_rows(limits, row)
        elif name == f"{_MAIN_NS}}}worksheet":
            in_sheet = True
        elif name == f"{_MAIN_NS}}}dimension":
            _check_declared(attrs.get("ref", ""), limits)

    def no_dtd(*args):
        raise _unreadable_workbook()

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except TableError:
        raise
    except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _unreadable_workbook() from exc


def _column_letters(index: int) -> str:
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def _check_declared(ref: str, limits: Limits) -> None:
    last = ref.split(":")[-1]
    match = _REF.match(last)
    if not match:
        return
    rows, columns = int(match.group(2)), _column_index(match.group(1))
    if rows > limits.max_rows + 1 or columns > limits.max_columns:
        raise TableError(
            _(
                "The sheet is %(rows)s rows by %(columns)s columns, as the file says; at most "
                "%(max_rows)s rows below the column names and %(max_columns)s columns can be "
                "read. If fewer cells are in use, copy them to a new workbook and upload that."
            )
            % {
                "rows": rows,
                "columns": columns,
                "max_rows": limits.max_rows,
                "max_columns": limits.max_columns,
            },
            "declared_too_large",
        )

"""One streaming reader for uploaded tables (CSV, XLSX, plain text lines).

`read_table` yields `(row number, [cell strings])` and checks its limits while it reads, before
the caller builds anything: the file's size, the number of rows, the number of columns, the
size of a cell, and for XLSX the archive's uncompressed size and compression ratio. It stops at
the first limit with a `TableError` whose message (in the user's language) names the row and
the limit; callers turn it into a form error.

Why not tablib or django-import-export: they load the whole file before any check. Why not
openpyxl for XLSX: its read-only mode pads every row to the width a sheet declares, fills every
missing row up to a declared or referenced row number (a few kilobytes could make it build
hundreds of millions of cells), and builds an object per cell, which held a 100,000-row import
to under 2,000 rows/s. The sheet is read with expat instead, the limits checked in its handlers.
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
    # One pass over the whole row in C (a length and a search), cell by cell only when it
    # finds something: per cell in Python, this was a tenth of a 100,000-row import's time.
    if not cells or (
        max(map(len, cells)) <= limits.max_cell_chars and not _CONTROL.search("\t".join(cells))
    ):
        return
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
# Our own reader on expat: openpyxl's read-only mode builds an object per cell and per shared
# string, reads the whole sheet once more when it declares no size, and managed about 1,600
# rows/s on a survey file here (bench/import_speed.py); this one reads 30,000+ rows/s. It reads
# only what the first sheet needs (the workbook and its relations, the shared strings, the date
# styles, the sheet), checks every limit in the parser's handlers, and turns values into text
# the way openpyxl and `cell_text` did: numbers as written, dates from date-styled numbers.

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ROW, _CELL, _VALUE = f"{_MAIN_NS}}}row", f"{_MAIN_NS}}}c", f"{_MAIN_NS}}}v"
_INLINE, _TEXT, _PHONETIC = f"{_MAIN_NS}}}is", f"{_MAIN_NS}}}t", f"{_MAIN_NS}}}rPh"
_SHARED, _DIMENSION = f"{_MAIN_NS}}}si", f"{_MAIN_NS}}}dimension"
_DIGITS = "0123456789"


def _unreadable_workbook() -> TableError:
    return TableError(_("The file could not be read as an Excel workbook (.xlsx)."), "unreadable")


def _xlsx_rows(data: BinaryIO, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    try:
        archive = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _unreadable_workbook() from exc
    with archive:
        _check_archive(archive.infolist(), limits)
        try:
            sheet, shared_path, styles_path, epoch = _workbook_parts(archive)
            shared = _shared_strings(archive, shared_path, limits) if shared_path else []
            dates, durations = _date_styles(archive, styles_path) if styles_path else ({}, {})
            yield from _sheet_rows(archive, sheet, limits, shared, dates, durations, epoch)
        except TableError:
            raise
        except (KeyError, IndexError, ValueError, OverflowError, zipfile.BadZipFile, OSError) as e:
            # A missing part, a shared string that is not there, a number that is none: a
            # damaged or foreign file.
            raise _unreadable_workbook() from e


def _check_archive(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse a zip bomb from the central directory, before anything is decompressed.

    The sizes there could lie, but zipfile never returns more bytes than a member declares
    (and checks its CRC), so the declared sizes bound what can be unpacked.
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


def _parse(archive: zipfile.ZipFile, name: str, start=None, end=None, data=None) -> None:
    """Run expat over one member in chunks, with the handlers given. No DTD is accepted (no
    workbook has one; entity tricks need one)."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def no_dtd(*args):
        raise _unreadable_workbook()

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
            yield
    except expat.ExpatError as exc:
        raise _unreadable_workbook() from exc


def _run(parsing) -> None:
    for _step in parsing:
        pass


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relations: id -> (type's last word, member name)."""
    folder, _slash, base = part.rpartition("/")
    name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    found = {}
    if name not in archive.NameToInfo:
        return found

    def start(tag, attrs):
        if tag == f"{_PACKAGE_REL_NS}}}Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            target = target[1:] if target.startswith("/") else f"{folder}/{target}".lstrip("/")
            found[attrs.get("Id", "")] = (attrs.get("Type", "").rsplit("/", 1)[-1], target)

    _run(_parse(archive, name, start=start))
    return found


def _workbook_parts(archive: zipfile.ZipFile):
    """The first worksheet's member, the shared strings' and styles' (or None), the epoch."""
    book = next(
        (t for kind, t in _relations(archive, "").values() if kind == "officeDocument"),
        "xl/workbook.xml",
    )
    relations = _relations(archive, book)
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH

    sheets, epoch = [], WINDOWS_EPOCH

    def start(tag, attrs):
        nonlocal epoch
        if tag == f"{_MAIN_NS}}}sheet":
            sheets.append(attrs.get(f"{_REL_NS}}}id", ""))
        elif tag == f"{_MAIN_NS}}}workbookPr" and attrs.get("date1904") in ("1", "true"):
            epoch = CALENDAR_MAC_1904

    _run(_parse(archive, book, start=start))
    # The first sheet in the workbook's order that is a worksheet (a chart sheet has no cells).
    sheet = next(
        (relations[r][1] for r in sheets if relations.get(r, ("",))[0] == "worksheet"), None
    )
    if sheet is None:
        raise _unreadable_workbook()
    parts = {kind: target for kind, target in relations.values()}
    return sheet, parts.get("sharedStrings"), parts.get("styles"), epoch


def _shared_strings(archive: zipfile.ZipFile, name: str, limits: Limits) -> list[str]:
    """Every shared string, rich text runs joined, phonetic hints left out. Bounded by the
    member's size, which the archive check bounded."""
    strings, pieces = [], []
    collecting = phonetic = False

    def start(tag, attrs):
        nonlocal collecting, phonetic
        if tag == _TEXT:
            collecting = not phonetic
        elif tag == _PHONETIC:
            phonetic = True

    def end(tag):
        nonlocal collecting, phonetic
        if tag == _TEXT:
            collecting = False
        elif tag == _SHARED:
            strings.append("".join(pieces))
            pieces.clear()
        elif tag == _PHONETIC:
            phonetic = False

    def data(text):
        if collecting:
            pieces.append(text)

    _run(_parse(archive, name, start=start, end=end, data=data))
    return strings


def _date_styles(archive: zipfile.ZipFile, name: str) -> tuple[set[str], set[str]]:
    """The cell styles (as the `s` attribute writes them) whose number format is a date, and
    those that are a duration, as openpyxl decides it."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    custom, formats = {}, []
    in_cell_formats = False

    def start(tag, attrs):
        nonlocal in_cell_formats
        if tag == f"{_MAIN_NS}}}numFmt":
            custom[attrs.get("numFmtId", "")] = attrs.get("formatCode", "")
        elif tag == f"{_MAIN_NS}}}cellXfs":
            in_cell_formats = True
        elif tag == f"{_MAIN_NS}}}xf" and in_cell_formats:
            formats.append(attrs.get("numFmtId", "0"))

    def end(tag):
        nonlocal in_cell_formats
        if tag == f"{_MAIN_NS}}}cellXfs":
            in_cell_formats = False

    _run(_parse(archive, name, start=start, end=end))
    dates, durations = set(), set()
    for index, number_format in enumerate(formats):
        code = custom.get(number_format)
        if code is None and number_format.isdigit():
            code = BUILTIN_FORMATS.get(int(number_format))
        if code and is_date_format(code):
            dates.add(str(index))
        if code and is_timedelta_format(code):
            durations.add(str(index))
    return dates, durations


def _sheet_rows(
    archive: zipfile.ZipFile, name: str, limits: Limits, shared, dates, durations, epoch
) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows, numbered by their own row numbers (rows it skips come as empty ones),
    each cell in its column. The rows parsed from each chunk are handed over after it."""
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    def number_text(text: str) -> str:
        # As openpyxl's value, then cell_text: an integer as written, a float without ".0".
        number = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
        if style in dates:
            try:
                return cell_text(from_excel(number, epoch, timedelta=style in durations))
            except (OverflowError, ValueError):
                return "#VALUE!"
        return cell_text(number)

    max_row, max_columns = limits.max_rows + 1, limits.max_columns
    max_chars = 2 * limits.max_cell_chars  # the exact check is read_table's, after stripping
    ready: list[tuple[int, list[str]]] = []
    number = column = chars = 0
    discard = False  # a row numbered at or above an earlier one: openpyxl skipped it too
    cells: list[str] = []
    pieces: list[str] = []
    kind = style = None
    collecting = phonetic = False

    columns: dict[str, int] = {}  # "AB" -> 28: the same few letters in every row

    def column_of(letters: str) -> int:
        bare = letters.strip("$").upper()
        if not (bare.isascii() and bare.isalpha()):
            raise _unreadable_workbook()
        index = _column_index(bare) if len(bare) <= 3 else max_columns + 1
        if index <= max_columns:
            columns[letters] = index
        return index

    def start(tag, attrs):
        nonlocal number, column, chars, cells, kind, style, collecting, phonetic, discard
        if tag == _CELL:
            reference = attrs.get("r")
            if reference:
                letters = reference.rstrip(_DIGITS)
                column = columns.get(letters) or column_of(letters)
            else:
                column += 1
            if column > max_columns:
                raise _too_many_columns(limits, number)
            kind, style = attrs.get("t", "n"), attrs.get("s")
            pieces.clear()
            chars = 0
        elif tag in (_VALUE, _TEXT):
            collecting = not phonetic
        elif tag == _ROW:
            reference = attrs.get("r", "")
            row = int(reference) if reference.isdigit() else number + 1
            if row > max_row:
                raise _too_many_rows(limits, row)
            discard = row <= number
            # Rows between are empty ones (read_table numbers rows as the spreadsheet does).
            ready.extend((empty, []) for empty in range(number + 1, row))
            number, column, cells = max(row, number), 0, []
        elif tag == _PHONETIC:
            phonetic = True
        elif tag == _DIMENSION:
            _check_declared(attrs.get("ref", ""), limits)

    def end(tag):
        nonlocal collecting, phonetic
        if tag == _CELL:
            text = "".join(pieces)
            if kind == "s" and text:
                value = shared[int(text)]
            elif kind == "n" and text:
                value = number_text(text)
            elif kind == "b" and text:
                value = str(bool(int(text)))
            elif kind == "d" and text:
                value = cell_text(from_ISO8601(text))
            else:  # inline and formula strings, errors (#N/A), empty cells
                value = text
            value = value.strip()
            if column > len(cells):
                cells.extend([""] * (column - len(cells) - 1))
                cells.append(value)
            else:  # the same cell written twice: the last one counts, as in openpyxl
                cells[column - 1] = value
        elif tag in (_VALUE, _TEXT):
            collecting = False
        elif tag == _ROW and not discard:
            ready.append((number, cells))
        elif tag == _PHONETIC:
            phonetic = False

    def data(text):
        nonlocal chars
        if collecting:
            pieces.append(text)
            chars += len(text)
            if chars > max_chars:
                raise _cell_too_large(limits, number)

    for _step in _parse(archive, name, start=start, end=end, data=data):
        if ready:
            yield from ready
            ready.clear()


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

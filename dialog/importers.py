"""Reading survey results (CSV or XLSX) into input rows, with an error per bad row.

Reading never saves: `iter_input_file` streams a file's raw rows (strings, with the
spreadsheet's line numbers), `clean_rows` checks them. The preview reads the upload once: it
keeps the first rows to show, counts the rest, and writes every good row, as checked, to a
file of checked rows (`CheckedRowsWriter`) that waits in storage beside the upload. The
confirmation only inserts those rows (`dialog.services.import_inputs` with `checked=`): it
reads neither the upload nor any rule again. Nothing holds the whole file.
"""

import contextlib
import functools
import operator
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.tabular import Limits, TableError, read_table

from .models import AgeBand, Gender, InputItem

# Errors listed at most; a file with more says how many more (a 100,000-row file with a wrong
# column would otherwise be a page of 100,000 lines).
MAX_ERRORS = 200

# Column names a survey tool may use, normalised (lower case, single spaces), per field.
COLUMNS = {
    "text": ("text", "synpunkt", "svar", "kommentar", "fritext"),
    "received_on": ("datum", "date", "inkommen", "received on", "received_on"),
    "age_band": ("ålder", "åldersintervall", "åldersgrupp", "age band", "age_band", "age"),
    "gender": ("kön", "gender"),
    "area": ("område", "bostadsområde", "stadsdel", "area"),
    "within_purpose": (
        "inom syftet",
        "inom syfte",
        "on-topic",
        "on topic",
        "on_topic",
        "within purpose",
        "within_purpose",
        "relevant",
    ),
    "source": ("källa", "source"),
}
REQUIRED_COLUMNS = ("text", "received_on")
# The input's fields `clean_row` gives a value, in its order.
INPUT_FIELDS = ("text", "received_on", "age_band", "gender", "area", "within_purpose", "source")

GENDERS = {
    "kvinna": Gender.WOMAN,
    "k": Gender.WOMAN,
    "woman": Gender.WOMAN,
    "female": Gender.WOMAN,
    "man": Gender.MAN,
    "m": Gender.MAN,
    "male": Gender.MAN,
    "annat": Gender.OTHER,
    "annan": Gender.OTHER,
    "other": Gender.OTHER,
    "vill ej uppge": Gender.NOT_STATED,
    "vill inte uppge": Gender.NOT_STATED,
    "prefer not to say": Gender.NOT_STATED,
    "not_stated": Gender.NOT_STATED,
}
SOURCES = {
    "aktivitet": InputItem.Source.ACTIVITY,
    "webbformulär": InputItem.Source.WEB_FORM,
    "webbformular": InputItem.Source.WEB_FORM,
    "enkät": InputItem.Source.SURVEY,
    "enkätimport": InputItem.Source.SURVEY,
    "brev": InputItem.Source.LETTER,
    "e-post": InputItem.Source.EMAIL,
    "epost": InputItem.Source.EMAIL,
    "mejl": InputItem.Source.EMAIL,
    "möte": InputItem.Source.MEETING,
    **{value: value for value in InputItem.Source.values},
    "web form": InputItem.Source.WEB_FORM,
    "e-mail": InputItem.Source.EMAIL,
}
# Once: an enum's `values` builds a new list on every use, which showed at 100,000 rows.
AGE_BANDS = frozenset(AgeBand.values)
YES = {"ja", "j", "yes", "y", "1", "true", "x", "sant"}
NO = {"nej", "n", "no", "0", "false", "falskt"}


@dataclass(slots=True)
class RawRow:
    line: int  # the line in the file, the header being line 1
    values: dict[str, str]


@dataclass
class CleanedRows:
    rows: list[dict] = field(default_factory=list)  # model field values, one dict per good row
    errors: list[str] = field(default_factory=list)  # one message per bad value, with its line
    count: int = 0  # good rows, including those not kept in `rows`
    error_count: int = 0  # bad values, including those not listed in `errors`

    @property
    def more_errors(self) -> int:
        return self.error_count - len(self.errors)

    def add_errors(self, errors: list[str]) -> None:
        self.error_count += len(errors)
        self.errors.extend(errors[: max(MAX_ERRORS - len(self.errors), 0)])

    def messages(self) -> list[str]:
        """The listed errors, and a last line saying how many are not listed."""
        if not self.more_errors:
            return list(self.errors)
        more = ngettext(
            "… and %(count)s more error.", "… and %(count)s more errors.", self.more_errors
        ) % {"count": self.more_errors}
        return [*self.errors, more]


def _normalise(name) -> str:
    return " ".join(str(name or "").replace("\ufeff", "").strip().lower().split())


def max_bytes() -> int:
    return settings.INPUT_IMPORT_MAX_BYTES


def _limits() -> Limits:
    return Limits(
        max_bytes=max_bytes(),
        max_rows=settings.INPUT_IMPORT_MAX_ROWS,
        max_uncompressed_bytes=settings.INPUT_IMPORT_MAX_UNCOMPRESSED_BYTES,
    )


def file_kind(name: str) -> str:
    """ "xlsx" or "csv" by the file's name; ValidationError for anything else."""
    name = (name or "").lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        return "csv"
    raise ValidationError(_("Upload a CSV file or an Excel workbook (.xlsx)."), "file_type")


def check_upload(uploaded) -> str:
    """The upload's kind, or ValidationError before anything is read or stored."""
    kind = file_kind(getattr(uploaded, "name", ""))
    if uploaded.size > max_bytes():
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": max_bytes() // (1024 * 1024)},
            "too_large",
        )
    return kind


def iter_input_file(file, *, kind: str) -> Iterator[RawRow]:
    """The rows of a binary file (seekable) as raw strings by field, one at a time.

    The shared reader checks the limits while it reads (`core.tabular`), so a hostile or
    oversized file is refused at the row that breaks a limit, before anything is built. A
    ValidationError for the whole file may come at any row, the last included (no rows).
    """
    try:
        positions = None
        found = False
        for number, cells in read_table(file, kind=kind, limits=_limits()):
            if positions is None:
                positions = _positions(cells)
                # Each row's values by field in two calls in C (a row may end before the
                # last column read: the reader drops trailing empty cells).
                keys, width = tuple(positions), max(positions.values()) + 1
                pick = operator.itemgetter(*positions.values())
                continue
            if not any(cells):
                continue
            found = True
            if len(cells) < width:
                cells += [""] * (width - len(cells))
            yield RawRow(line=number, values=dict(zip(keys, pick(cells), strict=True)))
    except TableError as exc:
        raise ValidationError(exc.message, exc.code) from exc
    if positions is None:
        raise ValidationError(_("The file is empty: the first row must name the columns."))
    if not found:
        raise ValidationError(_("The file has no rows below the column names."), "no_rows")


def read_input_file(uploaded) -> list[RawRow]:
    """All the upload's rows as raw strings by field (small files and tests; the pages stream
    with `iter_input_file`). Raises ValidationError for the whole file."""
    kind = check_upload(uploaded)
    uploaded.seek(0)
    return list(iter_input_file(uploaded, kind=kind))


def _positions(first_row: list[str]) -> dict[str, int]:
    """Each field's column, from the first row's names."""
    if not any(first_row):
        raise ValidationError(_("The file is empty: the first row must name the columns."))
    header = [_normalise(v) for v in first_row]
    positions = {}
    for key, names in COLUMNS.items():
        index = next((i for i, h in enumerate(header) if h in names), None)
        if index is not None:
            positions[key] = index
    missing = [key for key in REQUIRED_COLUMNS if key not in positions]
    if missing:
        labels = {"text": _("text"), "received_on": _("date")}
        raise ValidationError(
            _("The file has no column for: %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(str(labels[k]) for k in missing)},
            "columns",
        )
    return positions


def _parse_date(value: str) -> date | None:
    value = value.strip()
    for candidate in (value[:10], value):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    return None


# What a value means, by its stripped text: a survey repeats a few dates, age bands, genders,
# answers and sources on every row, so each is worked out once (bench/import_speed.py). None is
# "not understood" (an error when the cell is not empty). Bounded: a file of unique values
# costs no more memory than these entries.
_cached = functools.lru_cache(maxsize=4096)


@_cached
def _date_of(value: str) -> date | None:
    return _parse_date(value)


@_cached
def _age_band_of(value: str) -> str | None:
    key = value.replace("–", "-").replace("—", "-").replace(" ", "").lower().removesuffix("år")
    key = "80+" if key in ("80-", "80+", "80år+", "80ochäldre") else key
    return key if key in AGE_BANDS else None


@_cached
def _gender_of(value: str) -> str | None:
    return GENDERS.get(_normalise(value))


@_cached
def _within_purpose_of(value: str) -> bool | None:
    answer = _normalise(value)
    if answer and answer not in YES and answer not in NO:
        return None
    return answer not in NO


@_cached
def _source_of(value: str) -> str | None:
    return SOURCES.get(_normalise(value))


def clean_row(raw: RawRow, *, today: date | None = None) -> tuple[dict, list[str]]:
    """One row's model values and its errors, each error naming the line and the value.
    `today` (the last date allowed) is for callers that clean many rows."""
    get = raw.values.get
    errors = []

    def error(message, value=""):
        errors.append(message % {"row": raw.line, "value": value})

    text = get("text", "").strip()
    if not text:
        error(_("row %(row)s: the text is empty"))

    received = get("received_on", "").strip()
    parsed = _date_of(received) if received else None
    if not received:
        error(_("row %(row)s: the date is missing"))
    elif parsed is None:
        error(_("row %(row)s: “%(value)s” is not a date (write it as YYYY-MM-DD)"), received)
    elif parsed > (today or timezone.localdate()):
        error(_("row %(row)s: the date %(value)s is in the future"), received)

    age = get("age_band", "").strip()
    age_band = _age_band_of(age) if age else ""
    if age_band is None:
        error(_("row %(row)s: unknown age band “%(value)s”"), age)

    gender = get("gender", "").strip()
    gender_value = _gender_of(gender) if gender else ""
    if gender_value is None:
        error(_("row %(row)s: unknown gender “%(value)s”"), gender)

    on_topic = get("within_purpose", "")
    within_purpose = _within_purpose_of(on_topic)
    if within_purpose is None:
        error(_("row %(row)s: “%(value)s” is not yes or no (within the purpose)"), on_topic)

    source = get("source", "").strip()
    source_value = _source_of(source) if source else InputItem.Source.SURVEY
    if source_value is None:
        error(_("row %(row)s: unknown source “%(value)s”"), source)

    values = {
        "text": text,
        "received_on": parsed,
        "age_band": age_band or "",
        "gender": gender_value or "",
        "area": get("area", "").strip()[:120],
        "within_purpose": within_purpose is not False,
        "source": source_value or InputItem.Source.SURVEY,
    }
    return values, errors


def clean_rows(
    raw_rows: Iterable[RawRow], *, keep: int | None = None, into: BinaryIO | None = None
) -> CleanedRows:
    """Every row checked as it comes; the first `keep` good rows kept (all when None), the
    rest only counted, and at most MAX_ERRORS errors listed. With `into` (a binary file),
    every good row is also written there as a checked row (`CheckedRowsWriter`) until the
    first bad one: a file with a bad row is never imported, so it is only counted on."""
    result = CleanedRows()
    today = timezone.localdate()
    writer = CheckedRowsWriter(into) if into is not None else None
    for raw in raw_rows:
        values, errors = clean_row(raw, today=today)
        if errors:
            result.add_errors(errors)
        else:
            result.count += 1
            if keep is None or len(result.rows) < keep:
                result.rows.append(values)
            if writer is not None and not result.error_count:
                writer.write(values)
    if writer is not None and not result.error_count:
        writer.finish()
    return result


# -- Checked rows between preview and confirmation -------------------------------------------
# One line a row in PostgreSQL's COPY text format, so that the confirmation hands PostgreSQL the
# lines as they are (with the columns every row shares appended, `checked_blocks`): the fields
# of INPUT_FIELDS in order, a tab between them, backslash, tab, line feed and carriage return
# escaped (`\\`, `\t`, `\n`, `\r`), dates as YYYY-MM-DD, t or f. A first line of fixed
# width names the format and the number of rows that follow, so that a file cut short or
# grown is refused rather than half imported. UTF-8.

_CHECKED_MAGIC = b"delaktig-checked-rows 1 "
_CHECKED_HEADER = len(_CHECKED_MAGIC) + 11  # the count in 10 digits and the line feed
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_UNESCAPE = re.compile(r"\\(.)")
_COPY_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_LINES_PER_WRITE = 2000


def _copy_text(value: str) -> str:
    # The search (one pass in C) is all most cells cost: few hold a tab or a line break.
    return value.translate(_COPY_ESCAPES) if _COPY_SPECIAL.search(value) else value


def _copy_unescape(value: str) -> str:
    if "\\" not in value:
        return value
    return _COPY_UNESCAPE.sub(lambda m: _COPY_UNESCAPES.get(m.group(1), m.group(1)), value)


class CheckedRowsWriter:
    """Writes checked rows (`clean_row`'s values) to a binary file, in the format above;
    `finish` writes the count. The fields other than the text and the area are values of
    fixed sets (choices, dates, t/f) that need no escaping."""

    def __init__(self, file: BinaryIO):
        self.file = file
        self.count = 0
        self.lines: list[str] = []
        file.write(self._header())

    def _header(self) -> bytes:
        return _CHECKED_MAGIC + f"{self.count:010d}\n".encode()

    def write(self, values: dict) -> None:
        self.lines.append(
            f"{_copy_text(values['text'])}\t{values['received_on'].isoformat()}\t"
            f"{values['age_band']}\t{values['gender']}\t{_copy_text(values['area'])}\t"
            f"{'t' if values['within_purpose'] else 'f'}\t{values['source']}\n"
        )
        self.count += 1
        if len(self.lines) >= _LINES_PER_WRITE:
            self._flush()

    def _flush(self) -> None:
        self.file.write("".join(self.lines).encode())
        self.lines.clear()

    def finish(self) -> None:
        self._flush()
        end = self.file.tell()
        self.file.seek(0)
        self.file.write(self._header())
        self.file.seek(end)
        self.file.flush()


def damaged_checked_rows() -> ValidationError:
    return ValidationError(
        _(
            "The checked rows of this preview could not be read. Nothing was imported; "
            "upload the file again."
        ),
        "damaged",
    )


def _checked_count(file: BinaryIO) -> int:
    """The number of rows the file says it holds, its first line read."""
    file.seek(0)
    header = file.read(_CHECKED_HEADER)
    count = header[len(_CHECKED_MAGIC) : -1]
    if not (header.startswith(_CHECKED_MAGIC) and header.endswith(b"\n") and count.isdigit()):
        raise damaged_checked_rows()
    return int(count)


def checked_blocks(file: BinaryIO, *, suffix: bytes, size: int = 1024 * 1024) -> Iterator[bytes]:
    """The checked rows as blocks of whole lines with `suffix` (the columns every row shares,
    each after a tab) added to every line: COPY text for PostgreSQL, made without looking at a
    single row (a line feed within a value is escaped, so every line feed ends a row). The
    last block comes only when the rows counted are the rows the file says; otherwise a
    ValidationError."""
    expected = _checked_count(file)
    found, rest = 0, b""
    ending = suffix + b"\n"
    while chunk := file.read(size):
        chunk = rest + chunk
        cut = chunk.rfind(b"\n") + 1
        block, rest = chunk[:cut], chunk[cut:]
        found += block.count(b"\n")
        if found > expected:
            raise damaged_checked_rows()
        if block:
            yield block.replace(b"\n", ending) if suffix else block
    if rest or found != expected:
        raise damaged_checked_rows()


def read_checked(file: BinaryIO) -> Iterator[tuple]:
    """The checked rows as tuples of INPUT_FIELDS' values (a date as YYYY-MM-DD, as the
    databases store it); a ValidationError when the file does not hold the rows it says."""
    width = len(INPUT_FIELDS)
    for block in checked_blocks(file, suffix=b""):
        try:
            lines = block.decode().split("\n")
        except UnicodeDecodeError as exc:
            raise damaged_checked_rows() from exc
        lines.pop()  # a block ends with a line feed
        for line in lines:
            fields = line.split("\t")
            if len(fields) != width:
                raise damaged_checked_rows()
            body, day, age_band, gender, area, within_purpose, source = fields
            yield (
                _copy_unescape(body),
                day,
                age_band,
                gender,
                _copy_unescape(area),
                within_purpose == "t",
                source,
            )


# -- The uploaded file between preview and confirmation ---------------------------------------
# It waits in default_storage (MEDIA_ROOT, never served) under a name made of the user, the
# dialogue and a random token, its checked rows beside it under the same name and ".rows";
# the session holds only the token. A token therefore opens only files its own user uploaded
# for that dialogue.

_TOKEN = re.compile(r"[0-9a-f]{32}")
CHECKED_SUFFIX = ".rows"


def _stored_name(*, user_id: int, dialogue_id: int, token: str) -> str:
    if not _TOKEN.fullmatch(token or ""):
        raise FileNotFoundError(token)
    return f"{settings.INPUT_IMPORT_DIR}/{int(user_id)}-{int(dialogue_id)}-{token}"


def store_upload(uploaded, *, user_id: int, dialogue_id: int, checked=None) -> str:
    """Keep the upload, and the preview's checked rows (a binary file) when given, for the
    confirmation; their token."""
    token = secrets.token_hex(16)
    name = _stored_name(user_id=user_id, dialogue_id=dialogue_id, token=token)
    if checked is not None:
        checked.seek(0)
        default_storage.save(name + CHECKED_SUFFIX, File(checked))
    uploaded.seek(0)
    default_storage.save(name, uploaded)
    return token


def _open(name: str):
    if not default_storage.exists(name):
        raise FileNotFoundError(name)
    return default_storage.open(name, "rb")


def open_stored(*, user_id: int, dialogue_id: int, token: str):
    """The stored upload (binary, seekable); FileNotFoundError when there is none."""
    return _open(_stored_name(user_id=user_id, dialogue_id=dialogue_id, token=token))


def open_checked(*, user_id: int, dialogue_id: int, token: str):
    """The upload's checked rows (binary, seekable, `read_checked`); FileNotFoundError when
    there are none (also for an upload kept before the checked rows were)."""
    name = _stored_name(user_id=user_id, dialogue_id=dialogue_id, token=token)
    return _open(name + CHECKED_SUFFIX)


def delete_stored(*, user_id: int, dialogue_id: int, token: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        name = _stored_name(user_id=user_id, dialogue_id=dialogue_id, token=token)
        for path in (name, name + CHECKED_SUFFIX):
            with contextlib.suppress(FileNotFoundError):
                default_storage.delete(path)


def clear_stale_files(*, older_than: timedelta) -> int:
    """Remove the stored uploads (and their checked rows) nobody confirmed (or cancelled)
    within `older_than`."""
    try:
        _, names = default_storage.listdir(settings.INPUT_IMPORT_DIR)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    for name in names:
        path = f"{settings.INPUT_IMPORT_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
        except FileNotFoundError:
            continue  # confirmed (and deleted) meanwhile
    return removed

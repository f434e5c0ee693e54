"""Reading survey results (CSV or XLSX) into input rows, with an error per bad row.

Reading never saves: `read_input_file` turns a file into raw rows (strings, with the
spreadsheet's line numbers), `clean_rows` checks them. The preview shows both; the service
`dialog.services.import_inputs` cleans the same raw rows again and saves all of them or none.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tabular import Limits, TableError, read_table

from .models import AgeBand, Gender, InputItem

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

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
YES = {"ja", "j", "yes", "y", "1", "true", "x", "sant"}
NO = {"nej", "n", "no", "0", "false", "falskt"}


@dataclass
class RawRow:
    line: int  # the line in the file, the header being line 1
    values: dict[str, str]


@dataclass
class CleanedRows:
    rows: list[dict] = field(default_factory=list)  # model field values, one dict per good row
    errors: list[str] = field(default_factory=list)  # one message per bad value, with its line


def _normalise(name) -> str:
    return " ".join(str(name or "").replace("\ufeff", "").strip().lower().split())


def _limits() -> Limits:
    return Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS)


def read_input_file(uploaded) -> list[RawRow]:
    """The file's rows as raw strings by field. Raises ValidationError for the whole file.

    The shared reader checks the size limits while it reads (`core.tabular`), so a hostile
    workbook is refused before anything is built.
    """
    name = (getattr(uploaded, "name", "") or "").lower()
    if uploaded.size > MAX_BYTES:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_BYTES // (1024 * 1024)},
            "too_large",
        )
    if name.endswith(".xlsx"):
        kind = "xlsx"
    elif name.endswith((".csv", ".txt")):
        kind = "csv"
    else:
        raise ValidationError(_("Upload a CSV file or an Excel workbook (.xlsx)."), "file_type")
    try:
        return _raw_rows(read_table(uploaded.read(), kind=kind, limits=_limits()))
    except TableError as exc:
        raise ValidationError(exc.message, exc.code) from exc


def _raw_rows(table) -> list[RawRow]:
    positions = None
    rows = []
    for number, cells in table:
        if positions is None:
            positions = _positions(cells)
            continue
        if not any(cells):
            continue
        values = {
            key: (cells[index] if index < len(cells) else "") for key, index in positions.items()
        }
        rows.append(RawRow(line=number, values=values))
    if positions is None:
        raise ValidationError(_("The file is empty: the first row must name the columns."))
    if not rows:
        raise ValidationError(_("The file has no rows below the column names."), "no_rows")
    return rows


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


def clean_row(raw: RawRow) -> tuple[dict, list[str]]:
    """One row's model values and its errors, each error naming the line and the value."""
    values, errors = {}, []
    row = raw.line

    def error(message, value=""):
        errors.append(message % {"row": row, "value": value})

    text = raw.values.get("text", "").strip()
    if not text:
        error(_("row %(row)s: the text is empty"))
    values["text"] = text

    received = raw.values.get("received_on", "").strip()
    parsed = _parse_date(received) if received else None
    if not received:
        error(_("row %(row)s: the date is missing"))
    elif parsed is None:
        error(_("row %(row)s: “%(value)s” is not a date (write it as YYYY-MM-DD)"), received)
    elif parsed > timezone.localdate():
        error(_("row %(row)s: the date %(value)s is in the future"), received)
    values["received_on"] = parsed

    age = raw.values.get("age_band", "").strip()
    age_key = age.replace("–", "-").replace("—", "-").replace(" ", "").lower().removesuffix("år")
    age_key = "80+" if age_key in ("80-", "80+", "80år+", "80ochäldre") else age_key
    if age and age_key not in AgeBand.values:
        error(_("row %(row)s: unknown age band “%(value)s”"), age)
    values["age_band"] = age_key if age_key in AgeBand.values else ""

    gender = raw.values.get("gender", "").strip()
    if gender and _normalise(gender) not in GENDERS:
        error(_("row %(row)s: unknown gender “%(value)s”"), gender)
    values["gender"] = GENDERS.get(_normalise(gender), "")

    values["area"] = raw.values.get("area", "").strip()[:120]

    on_topic = _normalise(raw.values.get("within_purpose", ""))
    if on_topic and on_topic not in YES | NO:
        error(
            _("row %(row)s: “%(value)s” is not yes or no (within the purpose)"),
            raw.values.get("within_purpose", ""),
        )
    values["within_purpose"] = on_topic not in NO

    source = raw.values.get("source", "").strip()
    if source and _normalise(source) not in SOURCES:
        error(_("row %(row)s: unknown source “%(value)s”"), source)
    values["source"] = SOURCES.get(_normalise(source), InputItem.Source.SURVEY)
    return values, errors


def clean_rows(raw_rows: list[RawRow]) -> CleanedRows:
    result = CleanedRows()
    for raw in raw_rows:
        values, errors = clean_row(raw)
        if errors:
            result.errors.extend(errors)
        else:
            result.rows.append(values)
    return result


def to_session(raw_rows: list[RawRow]) -> list[list]:
    return [[r.line, r.values] for r in raw_rows]


def from_session(data) -> list[RawRow]:
    return [RawRow(line=int(line), values=dict(values)) for line, values in data]

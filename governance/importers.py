"""Reading import files (CSV, XLSX, plain text) into rows, and guessing a type from a title.

Nothing here touches the database except reading the document types; saving is
`services.import_documents`.

The type-guessing rule (documented for users in the import page):
1. The title is split into words. A word names a type when it is one of the type's word forms
   (`DocumentType.title_words`, e.g. "riktlinjer"), or, for types that match compounds, when it
   ends with one of them after a prefix of at least three letters ("Kommunikationspolicy" is a
   policy). An exact form beats a compound, and a longer form beats a shorter one
   ("Handlingsplan" is a Handlingsplan, not a Plan).
2. If the words name exactly one type, that is the type, however often it is named.
3. If they name no type, or two or more different types, the row is not guessed: it is imported
   without a type and flagged for review with a note that says why.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.tabular import Limits, TableError, read_table

_WORDS = re.compile(r"\w+")
MIN_COMPOUND_PREFIX = 3
# The browser form refuses larger uploads (forms.MAX_IMPORT_BYTES); the command uses the same.
LIMITS = Limits(max_bytes=2 * 1024 * 1024, max_rows=10_000)

# Accepted column headers (lower-case) and the field each one fills.
COLUMNS = {
    "title": "title",
    "titel": "title",
    "namn": "title",
    "type": "type",
    "typ": "type",
    "dokumenttyp": "type",
    "body": "body",
    "body code": "body",
    "organ": "body",
    "beslutande organ": "body",
    "decision date": "decision_date",
    "beslutsdatum": "decision_date",
    "§": "paragraph",
    "paragraf (§)": "paragraph",
    "paragraph": "paragraph",
    "paragraf": "paragraph",
    "case number": "case_number",
    "diarienummer": "case_number",
    "dnr": "case_number",
    "valid from": "valid_from",
    "giltig från": "valid_from",
    "gäller från": "valid_from",
    "valid until": "valid_until",
    "giltig till": "valid_until",
    "gäller till": "valid_until",
    "keywords": "keywords",
    "ämnesord": "keywords",
    "nyckelord": "keywords",
    "adopted because of law": "adopted_because_of_law",
    "antagen till följd av lag": "adopted_because_of_law",
    "revision date": "revision_date",
    "revisionsdatum": "revision_date",
    "owner": "owner_role",
    "dokumentansvarig": "owner_role",
    "owner department": "owner_body",
    "ansvarig förvaltning": "owner_body",
    "follow-up by": "follow_up_by",
    "uppföljning": "follow_up_by",
    "follow-up interval months": "follow_up_interval_months",
    "uppföljningsintervall": "follow_up_interval_months",
    "status": "status",
    "text": "text",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, header)."""


@dataclass
class RawRow:
    line: int
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class Guess:
    type: object | None
    note: str = ""

    @property
    def needs_review(self) -> bool:
        return self.type is None


def _form_index(types):
    exact, compound = {}, []
    for doc_type in types:
        for word in doc_type.words:
            exact.setdefault(word, doc_type)
            if doc_type.matches_compounds:
                compound.append((word, doc_type))
    compound.sort(key=lambda item: -len(item[0]))
    return exact, compound


def types_named_in(title: str, types) -> list:
    """The distinct types the title's words name, in order of first appearance."""
    exact, compound = _form_index(types)
    found = []
    for word in _WORDS.findall(title.lower()):
        doc_type = exact.get(word)
        if doc_type is None:
            doc_type = next(
                (
                    t
                    for form, t in compound
                    if word.endswith(form) and len(word) - len(form) >= MIN_COMPOUND_PREFIX
                ),
                None,
            )
        if doc_type is not None and doc_type not in found:
            found.append(doc_type)
    return found


def guess_type(title: str, types) -> Guess:
    named = types_named_in(title, types)
    if len(named) == 1:
        return Guess(named[0])
    if not named:
        return Guess(None, _("No document type could be recognised in the title."))
    return Guess(
        None,
        _("The title names several document types (%(types)s); choose one.")
        % {"types": ", ".join(t.name for t in named)},
    )


def find_type(value: str, types):
    """A type given in a file's type column: its name or one of its word forms."""
    wanted = value.strip().lower()
    for doc_type in types:
        if doc_type.name.lower() == wanted or wanted in doc_type.words:
            return doc_type
    return None


def _map_header(header: list[str]) -> list[str | None]:
    mapped, unknown = [], []
    for name in header:
        key = (name or "").strip().lower()
        if not key:
            mapped.append(None)
            continue
        target = COLUMNS.get(key)
        if target is None:
            unknown.append(name.strip())
        mapped.append(target)
    if unknown:
        raise ImportFileError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if "title" not in mapped:
        raise ImportFileError(_("The file has no title column."))
    return mapped


def _rows_from_table(table) -> list[RawRow]:
    """`table` yields (line number, list of cell strings); the first non-empty one is the header."""
    mapped = None
    rows = []
    for line, cells in table:
        if not any(cells):
            continue
        if mapped is None:
            mapped = _map_header(cells)
            continue
        values = {
            target: cell for target, cell in zip(mapped, cells, strict=False) if target and cell
        }
        rows.append(RawRow(line, values))
    if mapped is None:
        raise ImportFileError(_("The file is empty."))
    return rows


def _text_rows(lines) -> list[RawRow]:
    """One title a line; empty lines are skipped."""
    return [RawRow(number, {"title": cells[0]}) for number, cells in lines if cells and cells[0]]


def parse_file(name: str, content: bytes) -> list[RawRow]:
    """The file's rows, read by the shared reader that checks its limits while it reads."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix not in ("xlsx", "csv", "txt", "text", ""):
        raise ImportFileError(
            _("Unsupported file type '.%(suffix)s'; use CSV, XLSX or plain text.")
            % {"suffix": suffix}
        )
    kind = suffix if suffix in ("xlsx", "csv") else "lines"
    try:
        table = read_table(content, kind=kind, limits=LIMITS)
        return _text_rows(table) if kind == "lines" else _rows_from_table(table)
    except TableError as exc:
        raise ImportFileError(exc.message) from exc

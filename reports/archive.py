"""The e-archive package of a closed case (issue 15, item 5).

`export_package(dialogue_id=..., user=...)` gathers the case's documents, writes the metadata
XML (reports/archive_xml.py, after FGS Ärendehantering and CITS ERMS; the schema is the
project's own, docs/e-archive/delaktig-fgs-arende.xsd) and a SHA-256 manifest of every file,
stores the whole as a zip and records it as an `ArchivePackage`. Exporting again makes a new,
newer package; the earlier ones are kept. docs/e-archive.md describes the layout:

    <name>/arende.xml                 the case's metadata
    <name>/handlingar/0001-....pdf    every document, numbered in the case
    <name>/schema/delaktig-fgs-arende.xsd
    <name>/manifest-sha256.txt        "<sha256>  <path>" for every other file (sha256sum -c)

Delaktig's own documents are PDF/A-2b (reports/rendering.py): the versions generated and
stored so far, each checked against its recorded checksum, and, for a document the case could
have but that was never generated, one rendered for the package; a case sheet (ärendeblad) with
the decisions and the timeline is rendered every time. Documents that came from outside (the
uploaded justerade protokollsutdrag, the steering documents' PDFs) are kept as received, with
their checksum.

Only an ended case is exported: closed, and also rejected or cancelled (an ended case is an
avslutat ärende whose documents are allmänna handlingar all the same; the XML's Slutlage says
how it ended). It must have a case number: the e-archive files it under that number.
"""

import hashlib
import io
import logging
import mimetypes
import os
import re
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import rules
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.errors import ActionRefused, Conflict, PermissionRefused
from core.permissions import denied_reason
from dialog.models import END_STATES, DecisionPoint, Dialogue, State

from . import (
    archive_rules,  # noqa: F401  (registers the archive's permissions)
    selectors,
)
from .models import ArchivePackage, ProtocolExtract, Report
from .rendering import PDF_VARIANT, Document, render_pdf

logger = logging.getLogger(__name__)

__all__ = [
    "MANIFEST",
    "METADATA",
    "SCHEMA_PATH",
    "ArchiveDocument",
    "export_package",
    "find_case",
    "not_exportable_reason",
    "read_package",
    "verify_folder",
    "write_folder",
]

METADATA = "arende.xml"
MANIFEST = "manifest-sha256.txt"
DOCUMENTS = "handlingar"
SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "e-archive" / "delaktig-fgs-arende.xsd"
SCHEMA_IN_PACKAGE = "schema/delaktig-fgs-arende.xsd"
# "pdf/a-2b" -> "PDF/A-2b", the Bilaga's Arkivformat of Delaktig's own documents.
PDFA_LABEL = "PDF/A-" + PDF_VARIANT.split("-", 1)[1]

# Document ids stay the same from one package of a case to the next.
_UUID_NAMESPACE = uuid.UUID("5d2f3c1e-7a51-4f0e-9d51-6c8f1b0a2e77")

# The order of the documents in the package, after the case sheet.
_KIND_ORDER = {
    "beslutsunderlag": 1,
    "registerutdrag": 2,
    "protokollsutdrag": 3,
    "dialograpport": 4,
    "styrdokument": 5,
}
_REPORT_KIND = {
    Report.Kind.DECISION_BASIS: "beslutsunderlag",
    Report.Kind.EXTRACT: "registerutdrag",
    Report.Kind.DIALOGUE_REPORT: "dialograpport",
}
_POINT_ORDER = {"mandate": 1, "launch": 2, "final": 3, "": 4}
# The decision points as the XML's Beslutspunkt names them (also in file names).
POINT_WORDS = {"mandate": "uppdrag", "launch": "start", "final": "slutligt-beslut"}


@dataclass
class ArchiveDocument:
    """One document of the case as it goes into the package."""

    kind: str  # the Handlingstyp in the XML
    title: str
    direction: str  # "upprattad" (Delaktig's own) or "inkommen" (received, kept as received)
    created: datetime
    data: bytes
    key: str  # stable within the case: gives the document's id in every package
    version: int | None = None
    decision_id: int | None = None
    point: str = ""
    extension: str = "pdf"
    pdfa: bool = False
    number: int = 0

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def mimetype(self) -> str:
        return mimetypes.types_map.get(f".{self.extension}", "application/octet-stream")

    @property
    def filename(self) -> str:
        """ "0002-beslutsunderlag-uppdrag.pdf", "0009-styrdokument-riktlinjer-for-trygghet.pdf"."""
        parts = [f"{self.number:04d}", self.kind, POINT_WORDS.get(self.point, "")]
        if self.kind == "styrdokument":
            parts.append(slugify(self.title)[:50].strip("-"))
        if self.version:
            parts.append(f"v{self.version}")
        return "-".join(p for p in parts if p) + f".{self.extension}"

    @property
    def path(self) -> str:
        return f"{DOCUMENTS}/{self.filename}"

    def object_id(self, case_number: str) -> str:
        return f"{case_number}:{self.number}"

    def system_id(self, case_number: str) -> str:
        return str(uuid.uuid5(_UUID_NAMESPACE, f"{case_number}|{self.key}"))


# -- Finding the case and whether it may be exported ------------------------------------------


def find_case(case_number: str) -> Dialogue:
    """The dialogue with this case number as the diarium shows it ("KS 2026/14"; spaces and
    letter case need not match, "KS2026/14" finds it too). ActionRefused when there is none."""
    typed = " ".join((case_number or "").split())
    if not typed:
        raise ActionRefused(_("Give the case number, e.g. KS 2026/14."))
    dialogue = selectors.find_by_case_number(typed)
    if dialogue is None:
        spaced = re.sub(r"^([^\W\d_]+)(?=\d)", r"\1 ", typed)
        dialogue = selectors.find_by_case_number(spaced) if spaced != typed else None
    if dialogue is None:
        raise ActionRefused(
            _("There is no case with the case number %(number)s.") % {"number": typed}
        )
    return dialogue


def not_exportable_reason(dialogue: Dialogue) -> str | None:
    """Why the case cannot go to the e-archive now, or None when it can."""
    if dialogue.state not in END_STATES:
        return _(
            "The case is not closed (it is at “%(state)s”): only a closed, rejected or "
            "cancelled case can be exported to the e-archive."
        ) % {"state": dialogue.get_state_display()}
    if not dialogue.case_number:
        return _(
            "The case has no case number: it was never registered, so the e-archive has "
            "nothing to file it under."
        )
    return None


def may_export(user, dialogue) -> bool:
    return rules.has_perm("reports.export_archive", user, dialogue)


# -- Gathering the documents ---------------------------------------------------------------------


def _stored_bytes(fieldfile, expected_sha256: str, label: str) -> bytes:
    try:
        with fieldfile.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise Conflict(
            _("The stored file of “%(document)s” is missing; the package was not made.")
            % {"document": label}
        ) from exc
    if expected_sha256 and hashlib.sha256(data).hexdigest() != expected_sha256:
        raise Conflict(
            _(
                "The stored file of “%(document)s” does not match its checksum; it has been "
                "altered, and the package was not made."
            )
            % {"document": label}
        )
    return data


def _stored_reports(dialogue: Dialogue) -> list[ArchiveDocument]:
    documents = []
    for report in selectors.dialogue_reports(dialogue).filter(status=Report.Status.DONE):
        label = f"{report.title} (v{report.version})"
        documents.append(
            ArchiveDocument(
                kind=_REPORT_KIND.get(report.kind, "dialograpport"),
                title=report.title,
                direction="upprattad",
                created=report.finished_at or report.created_at,
                data=_stored_bytes(report.file, report.sha256, label),
                key=f"report:{report.subject}:v{report.version}",
                version=report.version,
                decision_id=report.decision_id,
                point=report.point or (report.decision.point if report.decision_id else ""),
                pdfa=True,
            )
        )
    return documents


def _rendered_for_package(dialogue: Dialogue, stored: list[ArchiveDocument], now):
    """The documents the case could have that were never generated, rendered now (PDF/A)."""
    from .services import build_document

    have = {d.key.rsplit(":v", 1)[0].removeprefix("report:") for d in stored}
    documents = []
    for offer in selectors.offers(dialogue):
        if offer["missing"] or offer["subject"] in have:
            continue
        document = build_document(
            offer["kind"], dialogue=dialogue, point=offer["point"], decision=offer["decision"]
        )
        if document.missing:
            continue
        decision = offer["decision"]
        documents.append(
            ArchiveDocument(
                kind=_REPORT_KIND[offer["kind"]],
                title=document.title,
                direction="upprattad",
                created=now,
                data=render_pdf(document),
                key=f"rendered:{offer['subject']}",
                decision_id=decision.pk if decision else None,
                point=offer["point"] or (decision.point if decision else ""),
                pdfa=True,
            )
        )
    return documents


def _protocol_extracts(dialogue: Dialogue) -> list[ArchiveDocument]:
    extracts = ProtocolExtract.objects.filter(decision__dialogue=dialogue).select_related(
        "decision__body"
    )
    documents = []
    for extract in extracts.order_by("decision__decided_on", "decision_id", "version"):
        title = _("Extract from the minutes: %(decision)s") % {"decision": str(extract.decision)}
        documents.append(
            ArchiveDocument(
                kind="protokollsutdrag",
                title=title,
                direction="inkommen",
                created=extract.uploaded_at,
                data=_stored_bytes(extract.file, extract.sha256, f"{title} (v{extract.version})"),
                key=f"protocol-extract:{extract.decision_id}:v{extract.version}",
                version=extract.version,
                decision_id=extract.decision_id,
                point=extract.decision.point,
            )
        )
    return documents


def _steering_documents(dialogue: Dialogue) -> list[ArchiveDocument]:
    seen, documents = set(), []
    for document in [*dialogue.governing_documents.all(), *dialogue.changed_documents.all()]:
        if document.pk in seen or not document.file:
            continue
        seen.add(document.pk)
        extension = (PurePosixPath(document.file.name).suffix.lstrip(".") or "pdf").lower()
        documents.append(
            ArchiveDocument(
                kind="styrdokument",
                title=document.title,
                direction="inkommen",
                created=document.created_at,
                data=_stored_bytes(document.file, "", document.title),
                key=f"steering-document:{document.pk}",
                extension=extension,
            )
        )
    return documents


def _sort_key(document: ArchiveDocument):
    return (
        _KIND_ORDER.get(document.kind, 9),
        _POINT_ORDER.get(document.point, 4),
        document.decision_id or 0,
        document.key.split(":v")[0],
        document.version or 0,
    )


def _case_sheet(dialogue, decisions, transitions, documents, now) -> ArchiveDocument:
    from dialog.services import transition_label

    entries = [
        {
            "at": timezone.localtime(t.at),
            "label": transition_label(t.transition),
            "source": State(t.source).label,
            "target": State(t.target).label,
            "by": selectors.person_name(t.by),
            "comment": t.comment,
        }
        for t in transitions
    ]
    title = _("Case sheet: %(title)s") % {"title": dialogue.title}
    facts = [
        (_("Case number"), dialogue.case_number),
        (_("Diarium"), dialogue.diarium or "—"),
        (_("Responsible body"), dialogue.body.name),
        (_("Responsible official"), selectors.person_name(dialogue.responsible_official)),
        (_("State"), dialogue.get_state_display()),
        (_("Exported"), timezone.localtime(now).strftime("%Y-%m-%d %H:%M")),
    ]
    document = Document(
        kind="archive-case",
        template="reports/pdf/archive_case.html",
        context={
            "dialogue": dialogue,
            "kind_label": _("Case sheet"),
            "facts": facts,
            "decisions": decisions,
            "entries": entries,
            "documents": documents,
        },
        title=title,
        subject=_("The case's decisions, timeline and documents, for the e-archive"),
        author=dialogue.body.name,
        keywords=[dialogue.case_number, _("e-archive")],
    )
    return ArchiveDocument(
        kind="arendeblad",
        title=title,
        direction="upprattad",
        created=now,
        data=render_pdf(document),
        key="case-sheet",
        pdfa=True,
    )


def gather_documents(dialogue: Dialogue, *, decisions, transitions, now) -> list[ArchiveDocument]:
    """Every document of the case, numbered: the case sheet first."""
    stored = _stored_reports(dialogue)
    documents = [
        *stored,
        *_rendered_for_package(dialogue, stored, now),
        *_protocol_extracts(dialogue),
        *_steering_documents(dialogue),
    ]
    documents.sort(key=_sort_key)
    for number, document in enumerate(documents, start=2):
        document.number = number
        if document.point and document.kind in ("beslutsunderlag", "registerutdrag"):
            # The same title at every point: the point tells them apart.
            point = DecisionPoint(document.point).label
            document.title = f"{document.title} ({point})"
    sheet = _case_sheet(dialogue, decisions, transitions, documents, now)
    sheet.number = 1
    return [sheet, *documents]


# -- The package -----------------------------------------------------------------------------


def package_name(case_number: str, now: datetime) -> str:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{slugify(case_number.replace('/', '-')) or 'arende'}_{stamp}"


def manifest_text(files: dict[str, bytes]) -> bytes:
    """sha256sum's format: one "<hex>  <path>" line a file, sorted by path."""
    lines = [
        f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items())
    ]
    return "".join(lines).encode("utf-8")


def zip_package(name: str, files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(files.items()):
            archive.writestr(f"{name}/{path}", data)
    return buffer.getvalue()


def build_files(dialogue: Dialogue, *, user, now, name: str) -> tuple[dict[str, bytes], int]:
    """The package's files by their path inside it (the manifest included), and how many
    documents it holds."""
    from .archive_xml import case_xml

    decisions = list(
        dialogue.decisions.select_related("body", "recorded_by", "meeting").order_by(
            "decided_on", "recorded_at", "pk"
        )
    )
    transitions = list(dialogue.transitions.select_related("by").order_by("at", "pk"))
    documents = gather_documents(dialogue, decisions=decisions, transitions=transitions, now=now)
    files = {document.path: document.data for document in documents}
    files[METADATA] = case_xml(
        dialogue,
        documents=documents,
        decisions=decisions,
        transitions=transitions,
        package_id=str(uuid.uuid4()),
        name=name,
        now=now,
        user=user,
    )
    if SCHEMA_PATH.is_file():
        files[SCHEMA_IN_PACKAGE] = SCHEMA_PATH.read_bytes()
    files[MANIFEST] = manifest_text(files)
    return files, len(documents)


def export_package(*, dialogue_id: int, user=None, on_store=None) -> ArchivePackage:
    """Export the ended case to a new e-archive package and store it.

    `user` is the registrar who asked for it (checked against reports.export_archive); None
    from the command line, which the server's operator runs. Raises PermissionRefused,
    ActionRefused (no such case, not ended, no case number) or Conflict (a stored file does not
    match its checksum). Nothing is stored unless the whole package is made. `on_store(package)`
    runs in the transaction that stores the package, with the dialogue locked: if it raises,
    nothing is stored (the background export records its outcome there).
    """
    try:
        dialogue = selectors.dialogue_for_reports(dialogue_id)
    except Dialogue.DoesNotExist as exc:
        raise ActionRefused(_("There is no such dialogue.")) from exc
    if user is not None and not may_export(user, dialogue):
        raise PermissionRefused(denied_reason("reports.export_archive", dialogue))
    reason = not_exportable_reason(dialogue)
    if reason:
        raise ActionRefused(reason)
    now = timezone.now()
    # The package is the municipality's record, in its language whoever exports it. It is
    # built outside the transaction: rendering takes seconds and holds no lock.
    with translation.override(settings.LANGUAGE_CODE):
        name = package_name(dialogue.case_number, now)
        try:
            files, count = build_files(dialogue, user=user, now=now, name=name)
        except ActionRefused:
            raise
        except Exception as exc:  # a render or a read failed: say so, store nothing
            logger.exception("E-archive package of %s failed", dialogue.case_number)
            raise Conflict(
                _("The package could not be made: %(error)s")
                % {"error": f"{type(exc).__name__}: {exc}"}
            ) from exc
    data = zip_package(name, files)
    with transaction.atomic():
        locked = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
        if locked.state not in END_STATES:  # reopened meanwhile: nothing is stored
            raise ActionRefused(not_exportable_reason(locked))
        stored_name = name
        suffix = 2
        while ArchivePackage.objects.filter(name=stored_name).exists():
            stored_name = f"{name}-{suffix}"
            suffix += 1
        if stored_name != name:  # the same second as an earlier export: rename the folder
            data = zip_package(stored_name, files)
        package = ArchivePackage(
            dialogue=locked,
            name=stored_name,
            case_number=locked.case_number,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            manifest_sha256=hashlib.sha256(files[MANIFEST]).hexdigest(),
            document_count=count,
            created_by=user,
            created_at=now,
        )
        package.file.save(f"{stored_name}.zip", ContentFile(data), save=False)
        try:
            package.save()
            if on_store is not None:
                on_store(package)
        except Exception:
            package.file.delete(save=False)
            raise
    logger.info("E-archive package %s exported (%s documents)", stored_name, count)
    return package


# -- Reading a package back -------------------------------------------------------------------


def read_package(package: ArchivePackage) -> bytes:
    """The stored zip's bytes, after checking them against the recorded checksum."""
    data = _stored_bytes(package.file, "", package.name)
    if hashlib.sha256(data).hexdigest() != package.sha256:
        raise Conflict(_("The stored package does not match its checksum; it has been altered."))
    return data


def check_writable(directory: Path) -> None:
    """ActionRefused unless `directory` is a folder we can write into (checked before anything
    is exported, so a wrong -o loses nothing)."""
    if not directory.exists():
        raise ActionRefused(_("The folder %(path)s does not exist.") % {"path": directory})
    if not directory.is_dir():
        raise ActionRefused(_("%(path)s is not a folder.") % {"path": directory})
    try:
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".delaktig-check-"):
            pass
    except OSError as exc:
        raise ActionRefused(
            _("Cannot write in the folder %(path)s: %(error)s")
            % {"path": directory, "error": exc.strerror or exc}
        ) from exc


def write_folder(package: ArchivePackage, directory: Path) -> Path:
    """Unpack the stored package into `directory`/<name>/ and return that folder."""
    data = read_package(package)
    target = directory / package.name
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            relative = PurePosixPath(member.filename)
            if relative.is_absolute() or ".." in relative.parts:
                raise Conflict(_("The stored package holds a path outside its folder."))
            destination = directory.joinpath(*relative.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.read(member))
    return target


def verify_folder(folder: Path) -> list[str]:
    """Re-read every file the manifest lists and compare its checksum; also every file in the
    folder must be listed. Returns the problems (empty: the package is intact)."""
    problems = []
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return [f"{MANIFEST} is missing"]
    listed = set()
    for line in manifest.read_text(encoding="utf-8").splitlines():
        expected, _sep, path = line.partition("  ")
        listed.add(path)
        file = folder / path
        if not file.is_file():
            problems.append(f"{path}: missing")
        elif hashlib.sha256(file.read_bytes()).hexdigest() != expected:
            problems.append(f"{path}: checksum differs")
    for root, _dirs, names in os.walk(folder):
        for filename in names:
            path = (Path(root) / filename).relative_to(folder).as_posix()
            if path != MANIFEST and path not in listed:
                problems.append(f"{path}: not in the manifest")
    return problems

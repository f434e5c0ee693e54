"""The case's metadata as XML for the e-archive (arende.xml in the package).

After Riksarkivet's FGS Ärendehantering and the E-ARK CITS ERMS, as far as their public
descriptions go; the schema is the project's own (docs/e-archive/delaktig-fgs-arende.xsd, not
the official one). docs/e-archive.md maps each element to FGS and ERMS.

Residents are never named: the parties are the bodies; the agents are the officials,
politicians and registrars who acted in the case.
"""

import xml.etree.ElementTree as ET

from django.conf import settings
from django.utils import timezone

from core.people import person_label
from dialog.models import Assignment, Decision, Dialogue, State

NAMESPACE = "urn:x-delaktig:e-arkiv:arende:1"
SPECIFICATION = (
    "Delaktigs egen tillämpning av FGS Ärendehantering (RAFGS3V1.0) och E-ARK CITS ERMS, "
    "schema docs/e-archive/delaktig-fgs-arende.xsd; inte Riksarkivets officiella schema."
)

ENDINGS = {State.CLOSED: "genomford", State.REJECTED: "avslagen", State.CANCELLED: "avbruten"}
POINTS = {"mandate": "uppdrag", "launch": "start", "final": "slutligt_beslut"}


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _sub(parent, name: str, text=None, **attributes):
    element = ET.SubElement(parent, _tag(name), {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def _when(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _agent(parent, name: str, user, role: str):
    element = _sub(parent, name, Roll=role)
    _sub(element, "Namn", person_label(user, nobody="—"))
    if user is not None:
        _sub(element, "Anvandarnamn", user.get_username())
    return element


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("delaktig")
    except Exception:  # not installed as a package: the version is unknown, not an error
        return ""


def _closing(transitions, state):
    return next((t for t in reversed(transitions) if t.target == state), None)


def case_xml(
    dialogue: Dialogue, *, documents, decisions, transitions, package_id, name, now, user
) -> bytes:
    """The XML document, UTF-8 with its declaration."""
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(_tag("Leveransobjekt"), {"Schemaversion": "1.0"})

    control = _sub(root, "Kontroll")
    _sub(control, "Paketidentitet", package_id)
    _sub(control, "Paketnamn", name)
    _sub(control, "Skapad", _when(now))
    system = _sub(control, "LevererandeSystem")
    _sub(system, "Namn", "Delaktig")
    _sub(system, "Version", _version())
    if user is not None:
        _agent(control, "Levererare", user, "levererare")
    _sub(control, "Specifikation", SPECIFICATION)

    diarium_body = dialogue.diarium_body if dialogue.diarium_body_id else dialogue.body
    structure = _sub(root, "ArkivbildarStruktur")
    municipality = _sub(structure, "Arkivbildare")
    _sub(municipality, "Namn", settings.MUNICIPALITY_NAME)
    creator = _sub(municipality, "Arkivbildare")
    _sub(creator, "Namn", diarium_body.name)
    _sub(creator, "Kod", diarium_body.code)

    case_number = dialogue.case_number
    cases = _sub(root, "ArkivobjektListaArenden")
    case = _sub(cases, "ArkivobjektArende", Systemidentifierare=_case_uuid(case_number))
    _sub(case, "ArkivobjektID", case_number)
    _sub(case, "ExtraID", dialogue.pk, Typ="delaktig-id")
    _sub(case, "Diarium", dialogue.diarium or "Delaktig")
    _sub(case, "Arendemening", dialogue.title)
    if dialogue.question.strip():
        _sub(case, "Beskrivning", dialogue.question)
    _sub(case, "ArendeTyp", dialogue.get_kind_display())
    _sub(case, "StatusArende", "Avslutat")
    _sub(case, "Slutlage", ENDINGS[dialogue.state])
    _sub(case, "Skapad", _when(dialogue.created_at))
    _sub(case, "Registrerad", _when(dialogue.registered_at or dialogue.created_at))
    closing = _closing(transitions, dialogue.state)
    _sub(case, "Avslutat", _when(closing.at if closing else dialogue.updated_at))

    agents = _sub(case, "Agenter")
    _agent(agents, "Agent", dialogue.responsible_official, "handlaggare")
    _agent(agents, "Agent", dialogue.initiated_by, "initiativtagare")
    if dialogue.registered_by_id:
        _agent(agents, "Agent", dialogue.registered_by, "registrator")
    for assignment in dialogue.assignments.all():
        role = (
            "fortroendevald" if assignment.role == Assignment.Role.POLITICIAN else "medhandlaggare"
        )
        _agent(agents, "Agent", assignment.person, role)
    if closing is not None:
        _agent(agents, "Agent", closing.by, "avslutare")

    parties = _sub(case, "Parter")
    seen = set()
    for body, role in [
        (dialogue.body, "ansvarigt_organ"),
        (diarium_body, "diarieforande_organ"),
        *[(d.body, "beslutande_organ") for d in decisions],
    ]:
        if (body.pk, role) in seen:
            continue
        seen.add((body.pk, role))
        party = _sub(parties, "Part", Roll=role)
        _sub(party, "Namn", body.name)
        _sub(party, "Kod", body.code)
        _sub(party, "Organtyp", body.get_kind_display())

    by_decision: dict[int, list[str]] = {}
    for document in documents:
        if document.decision_id:
            by_decision.setdefault(document.decision_id, []).append(document.object_id(case_number))
    listed = _sub(case, "ListaBeslut")
    for decision in decisions:
        _decision(listed, decision, by_decision.get(decision.pk, []))

    from dialog.services import transition_label

    decision_ids = {d.pk for d in decisions}
    actions = _sub(case, "Atgarder")
    for number, entry in enumerate(transitions, start=1):
        action = _sub(actions, "Atgard", Lopnummer=number)
        _sub(action, "Tidpunkt", _when(entry.at))
        _sub(action, "Atgardstyp", entry.transition)
        _sub(action, "Benamning", transition_label(entry.transition))
        _sub(action, "FranStatus", State(entry.source).label)
        _sub(action, "TillStatus", State(entry.target).label)
        _agent(action, "Utforare", entry.by, "utforare")
        if entry.comment.strip():
            _sub(action, "Kommentar", entry.comment)
        if entry.decision_id in decision_ids:
            _sub(action, "BeslutRef", f"beslut-{entry.decision_id}")

    files = {d.key: d for d in documents}
    for relation, documents_of in (
        ("styrande_styrdokument", dialogue.governing_documents.all()),
        ("andrat_styrdokument", dialogue.changed_documents.all()),
    ):
        for steering in documents_of:
            element = _sub(case, "Relation", Typ=relation)
            _sub(element, "Titel", steering.title)
            if steering.case_number:
                _sub(element, "Diarienummer", steering.case_number)
            included = files.get(f"steering-document:{steering.pk}")
            if included is not None:
                _sub(element, "HandlingRef", included.object_id(case_number))

    records = _sub(case, "ArkivobjektListaHandlingar")
    for document in documents:
        _record(records, document, case_number, decision_ids)

    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _case_uuid(case_number: str) -> str:
    import uuid

    from .archive import _UUID_NAMESPACE

    return str(uuid.uuid5(_UUID_NAMESPACE, f"case|{case_number}"))


def _decision(parent, decision: Decision, document_ids: list[str]) -> None:
    element = _sub(parent, "Beslut", ID=f"beslut-{decision.pk}")
    _sub(element, "Beslutspunkt", POINTS[decision.point])
    _sub(element, "Beslutsdatum", decision.decided_on.isoformat())
    _sub(element, "BeslutandeOrgan", decision.body.name, Kod=decision.body.code)
    _sub(element, "Beslutsform", decision.get_kind_display())
    if decision.paragraph:
        _sub(element, "Paragraf", decision.paragraph_display)
    if decision.meeting_id:
        _sub(element, "Sammantradesdatum", decision.meeting.held_on.isoformat())
    _sub(element, "Utfall", decision.get_outcome_display())
    _sub(element, "Beslutstext", decision.text)
    _sub(element, "Registrerad", _when(decision.recorded_at))
    _agent(element, "RegistreradAv", decision.recorded_by, "beslutsregistrerare")
    for document_id in document_ids:
        _sub(element, "HandlingRef", document_id)


def _record(parent, document, case_number: str, decision_ids: set[int]) -> None:
    from .archive import PDFA_LABEL

    record = _sub(
        parent, "ArkivobjektHandling", Systemidentifierare=document.system_id(case_number)
    )
    _sub(record, "ArkivobjektID", document.object_id(case_number))
    _sub(record, "Lopnummer", document.number)
    _sub(record, "Handlingstyp", document.kind)
    _sub(record, "Rubrik", document.title)
    _sub(record, "Riktning", document.direction)
    _sub(record, "Skapad", _when(document.created))
    if document.version:
        _sub(record, "Version", document.version)
    if document.decision_id in decision_ids:
        _sub(record, "BeslutRef", f"beslut-{document.decision_id}")
    attributes = {
        "Namn": document.filename,
        "Lank": document.path,
        "Storlek": document.size,
        "Mimetyp": document.mimetype,
        "Checksumma": document.sha256,
        "ChecksummaMetod": "SHA-256",
    }
    if document.pdfa:
        attributes["Arkivformat"] = PDFA_LABEL
    _sub(record, "Bilaga", **attributes)

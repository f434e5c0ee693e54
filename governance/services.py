"""Everything that changes the register goes through here (keyword-only, one transaction each).

Refusals are django `ValidationError`s with a field dict, so forms can show them where they belong;
the import returns row-level errors instead and saves nothing when any row fails.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from core import permissions
from roles.models import Body

from . import checklists, document_type_presets
from .importers import RawRow, find_type, guess_type
from .models import (
    DOCUMENT_HISTORY,
    DocumentType,
    Keyword,
    PolicyProfile,
    SteeringDocument,
    add_months,
)
from .profiles import PRESET_FIELDS, PRESETS

# Fields a caller may set through create/update (relations are handled separately).
DOCUMENT_FIELDS = [
    "title",
    "type",
    "status",
    "adopting_body",
    "decision_date",
    "paragraph",
    "case_number",
    "valid_from",
    "valid_until",
    "adopted_because_of_law",
    "revision_date",
    "owner_body",
    "owner_role",
    "follow_up_by",
    "follow_up_interval_months",
    "followed_up_on",
    "concretises",
    "file",
    "text",
    "needs_review",
    "review_note",
]
# Through create/update a document is a draft or adopted; replaced and revoked have their own
# services that record why.
EDITABLE_STATUSES = (SteeringDocument.Status.DRAFT, SteeringDocument.Status.ADOPTED)


def keyword_objects(names) -> list[Keyword]:
    """Keywords by name (a list or a comma-separated string), created on first use."""
    if isinstance(names, str):
        names = names.split(",")
    cleaned = []
    for name in names or []:
        name = " ".join(str(name).split()).lower()[:80]
        if name and name not in cleaned:
            cleaned.append(name)
    return [Keyword.objects.get_or_create(name=name)[0] for name in cleaned]


def _apply_default_validity(document: SteeringDocument) -> None:
    """A type with a limited default validity (e.g. a strategy for a term) gets an end date."""
    doc_type = document.type
    if (
        doc_type is not None
        and document.valid_until is None
        and document.valid_from is not None
        and doc_type.default_validity_months
    ):
        document.valid_until = add_months(document.valid_from, doc_type.default_validity_months)


def _require(user, permission: str, document=None) -> None:
    """Refuse unless the rules allow it. `user=None` is the command line and the demo loader,
    which act for the administrator running them."""
    if user is not None:
        permissions.require(user, permission, document)


def _save(document, *, user, keywords=None, replaces=None, goals=None) -> SteeringDocument:
    replaces = list(replaces) if replaces is not None else None
    if document.status not in EDITABLE_STATUSES and document._state.adding:
        raise ValidationError({"status": _("A new document is a draft or adopted.")})
    document.full_clean()
    if replaces is not None:
        document.clean_replaces(replaces)
    document._history_user = user
    adding = document._state.adding
    # One history row for the whole save, written after the relations are set so that it
    # holds them; the relations' own change signals would add a row each.
    document.skip_history_when_saving = True
    try:
        document.save()
        if keywords is not None:
            document.keywords.set(keyword_objects(keywords))
        if replaces is not None:
            document.replaces.set(replaces)
        if goals is not None:  # the municipality's goals it serves (issue 16)
            document.goals.set(list(goals))
    finally:
        del document.skip_history_when_saving
    DOCUMENT_HISTORY.create_historical_record(document, "+" if adding else "~")
    return document


@transaction.atomic
def create_document(*, data: dict, user, keywords=None, replaces=None) -> SteeringDocument:
    _require(user, "governance.add_document")
    document = SteeringDocument(created_by=user if getattr(user, "pk", None) else None)
    for name in DOCUMENT_FIELDS:
        if name in data:
            setattr(document, name, data[name])
    if "valid_until" not in data or data.get("apply_default_validity"):
        _apply_default_validity(document)
    return _save(document, user=user, keywords=keywords, replaces=replaces, goals=data.get("goals"))


@transaction.atomic
def update_document(
    *, document_id: int, data: dict, user, keywords=None, replaces=None
) -> SteeringDocument:
    document = SteeringDocument.objects.select_for_update().get(pk=document_id)
    _require(user, "governance.change_document", document)
    changing_status = "status" in data and data["status"] != document.status
    if changing_status and (
        document.status not in EDITABLE_STATUSES or data["status"] not in EDITABLE_STATUSES
    ):
        raise ValidationError({"status": _("Replacing or revoking a document has its own action.")})
    for name in DOCUMENT_FIELDS:
        if name in data:
            setattr(document, name, data[name])
    if user is not None and not permissions.can(user, "governance.change_document", document):
        # Moving a document to bodies one has no role in would hand it away unchecked.
        raise ValidationError(
            {"adopting_body": _("You would no longer be allowed to change the document.")}
        )
    return _save(document, user=user, keywords=keywords, replaces=replaces, goals=data.get("goals"))


@transaction.atomic
def adopt_new_version(*, old: SteeringDocument, data: dict, user, keywords=None):
    """Adopt a new document that replaces `old`: the new one adopted, the old one replaced."""
    old = SteeringDocument.objects.select_for_update().get(pk=old.pk)
    _require(user, "governance.change_document", old)
    if old.status != SteeringDocument.Status.ADOPTED:
        raise ValidationError(
            {"status": _("Only an adopted document can be replaced by a new version.")}
        )
    missing = [
        str(SteeringDocument._meta.get_field(name).verbose_name)
        for name in ("adopting_body", "decision_date")
        if not data.get(name)
    ]
    if missing:
        raise ValidationError(
            {
                "decision_date": _("Adopting a new version needs: %(fields)s.")
                % {"fields": ", ".join(missing)}
            }
        )
    new_data = {
        "type": old.type,
        "owner_body": old.owner_body,
        "owner_role": old.owner_role,
        "follow_up_by": old.follow_up_by,
        "follow_up_interval_months": old.follow_up_interval_months,
        "concretises": old.concretises,
        "adopted_because_of_law": old.adopted_because_of_law,
        "title": old.title,
        **data,
        "status": SteeringDocument.Status.ADOPTED,
    }
    new = create_document(
        data=new_data,
        user=user,
        keywords=keywords if keywords is not None else [k.name for k in old.keywords.all()],
        replaces=[old],
    )
    old.status = SteeringDocument.Status.REPLACED
    if old.valid_until is None or (new.valid_from and old.valid_until > new.valid_from):
        old.valid_until = new.valid_from or new.decision_date
        if old.valid_from and old.valid_until and old.valid_until < old.valid_from:
            old.valid_until = old.valid_from
    old._history_user = user
    old.save(update_fields=["status", "valid_until", "updated_at"])
    # Documents that concretised the old version now concretise the new one.
    for child in old.concretised_by.all():
        child.concretises = new
        child._history_user = user
        child.save(update_fields=["concretises", "updated_at"])
    return new


@transaction.atomic
def revoke(
    *, document: SteeringDocument, decided_on: date | None, paragraph: str, body: Body | None, user
) -> SteeringDocument:
    """Revoke (upphäva) an adopted document; the revoking decision must be recorded."""
    document = SteeringDocument.objects.select_for_update().get(pk=document.pk)
    _require(user, "governance.change_document", document)
    if document.status != SteeringDocument.Status.ADOPTED:
        raise ValidationError({"status": _("Only an adopted document can be revoked.")})
    errors = {}
    if not decided_on:
        errors["decided_on"] = _("Give the date of the revoking decision.")
    if not (paragraph or "").strip():
        errors["paragraph"] = _("Give the paragraph (§) of the revoking decision.")
    if body is None:
        errors["body"] = _("Give the body that revoked the document.")
    elif document.type_id and not document.type.allows_body(body):
        errors["body"] = _("This body may not decide on a %(type)s.") % {"type": document.type.name}
    if errors:
        raise ValidationError(errors)
    document.status = SteeringDocument.Status.REVOKED
    document.revoked_on = decided_on
    document.revoked_paragraph = paragraph.strip()
    document.revoked_by_body = body
    if document.valid_until is None or document.valid_until > decided_on:
        document.valid_until = max(decided_on, document.valid_from or decided_on)
    document._history_user = user
    document.save()
    return document


# --- import -------------------------------------------------------------------------------


@dataclass
class ImportRow:
    line: int
    title: str
    type: DocumentType | None = None
    type_guessed: bool = False
    needs_review: bool = False
    review_note: str = ""
    body: Body | None = None
    values: dict = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[ImportRow]
    dry_run: bool
    saved: bool = False
    created: list[SteeringDocument] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [
            _("row %(line)s: %(error)s") % {"line": row.line, "error": error}
            for row in self.rows
            for error in row.errors
        ]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def flagged(self) -> list[ImportRow]:
        return [row for row in self.rows if row.needs_review]


_DATE_FIELDS = ("decision_date", "valid_from", "valid_until", "revision_date")
_TRUE = {"ja", "yes", "true", "1", "x"}
_FALSE = {"nej", "no", "false", "0", ""}
_UNTIL_FURTHER_NOTICE = {"tills vidare", "tillsvidare", "until further notice"}


def _status_from(value: str):
    wanted = value.strip().lower()
    for status in SteeringDocument.Status:
        if wanted in (status.value, str(status.label).lower()):
            return status
    swedish = {"utkast": "draft", "antagen": "adopted", "ersatt": "replaced", "upphävd": "revoked"}
    return swedish.get(wanted)


def _prepare_row(raw: RawRow, types, bodies: dict[str, Body]) -> ImportRow:
    v = raw.values
    row = ImportRow(line=raw.line, title=v.get("title", "").strip())
    add = row.errors.append
    if not row.title:
        add(_("the title is missing"))
    elif len(row.title) > 300:
        add(_("the title is longer than 300 characters"))

    if v.get("type"):
        row.type = find_type(v["type"], types)
        if row.type is None:
            add(_("unknown document type '%(value)s'") % {"value": v["type"]})
    elif row.title:
        guess = guess_type(row.title, types)
        row.type, row.type_guessed = guess.type, guess.type is not None
        row.needs_review, row.review_note = guess.needs_review, guess.note

    for key, target in (("body", "adopting_body"), ("owner_body", "owner_body")):
        code = v.get(key, "").strip()
        if code:
            body = bodies.get(code.upper())
            if body is None:
                add(_("unknown body '%(code)s'") % {"code": code})
            else:
                row.values[target] = body
    row.body = row.values.get("adopting_body")

    for name in _DATE_FIELDS:
        text = v.get(name, "").strip()
        if name == "valid_until" and text.lower() in _UNTIL_FURTHER_NOTICE:
            continue
        if text:
            try:
                parsed = parse_date(text[:10])
            except ValueError:
                parsed = None
            if parsed is None:
                add(_("'%(value)s' is not a date (use YYYY-MM-DD)") % {"value": text})
            else:
                row.values[name] = parsed

    law = v.get("adopted_because_of_law", "").strip().lower()
    if law in _TRUE:
        row.values["adopted_because_of_law"] = True
    elif law not in _FALSE:
        add(_("'%(value)s' is not yes or no") % {"value": law})

    interval = v.get("follow_up_interval_months", "").strip()
    if interval:
        if interval.isdigit() and 0 < int(interval) < 1000:
            row.values["follow_up_interval_months"] = int(interval)
        else:
            add(_("'%(value)s' is not a number of months") % {"value": interval})

    status = v.get("status", "").strip()
    row.values["status"] = SteeringDocument.Status.ADOPTED
    if status:
        found = _status_from(status)
        if found in EDITABLE_STATUSES:
            row.values["status"] = found
        else:
            add(_("status must be draft or adopted, not '%(value)s'") % {"value": status})

    for name in ("paragraph", "case_number", "owner_role", "follow_up_by", "text"):
        if v.get(name):
            row.values[name] = v[name].strip()
    row.keywords = [k.strip() for k in v.get("keywords", "").split(",") if k.strip()]
    return row


def _document_for(row: ImportRow, user) -> SteeringDocument:
    document = SteeringDocument(
        title=row.title,
        type=row.type,
        needs_review=row.needs_review,
        review_note=row.review_note[:300],
        created_by=user if getattr(user, "pk", None) else None,
        **row.values,
    )
    _apply_default_validity(document)
    return document


def _message_list(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        labels = {f.name: f.verbose_name for f in SteeringDocument._meta.fields}
        return [
            f"{labels.get(name, name)}: {message}"
            for name, errors in exc.error_dict.items()
            for error in errors
            for message in error.messages
        ]
    return list(exc.messages)


def import_documents(*, rows: list[RawRow], dry_run: bool, user) -> ImportResult:
    """Check every row; save all of them (one transaction) only if none fails and not dry_run."""
    types = list(DocumentType.objects.all())
    bodies = {b.code.upper(): b for b in Body.objects.all()}
    prepared = [_prepare_row(raw, types, bodies) for raw in rows]
    documents = []
    for row in prepared:
        document = _document_for(row, user)
        if not row.errors:
            try:
                document.full_clean(exclude=["file"])
            except ValidationError as exc:
                row.errors.extend(_message_list(exc))
        documents.append(document)
    result = ImportResult(rows=prepared, dry_run=dry_run)
    if not prepared:
        return result
    if dry_run or not result.ok:
        return result
    with transaction.atomic():
        for row, document in zip(prepared, documents, strict=True):
            document._history_user = user
            document.skip_history_when_saving = True  # one row with the keywords, as in _save
            document.save()
            if row.keywords:
                document.keywords.set(keyword_objects(row.keywords))
            del document.skip_history_when_saving
            DOCUMENT_HISTORY.create_historical_record(document, "+")
            result.created.append(document)
    result.saved = True
    return result


# --- policy profiles -----------------------------------------------------------------------


def switch_off_other_profiles(*, keep: PolicyProfile, user=None) -> list[PolicyProfile]:
    """Switch off every active profile but `keep`, one save each so that each writes history.

    Call inside a transaction: the rows are locked before they change.
    """
    others = list(
        PolicyProfile.objects.select_for_update().filter(is_active=True).exclude(pk=keep.pk)
    )
    for other in others:
        other.is_active = False
        other._history_user = user
        other.save(update_fields=["is_active"])
    return others


@transaction.atomic
def activate_profile(*, profile: PolicyProfile, user=None) -> PolicyProfile:
    """Make `profile` the active one (one at a time: the others are switched off first)."""
    switch_off_other_profiles(keep=profile, user=user)
    if not profile.is_active:
        profile.is_active = True
        profile._history_user = user
        profile.save(update_fields=["is_active"])
    return profile


@dataclass
class PresetResult:
    profile: PolicyProfile
    created: bool
    changed: list[str]


@transaction.atomic
def load_preset(
    *, key: str, activate: bool = False, policy_document=None, user=None
) -> PresetResult:
    """Create or update the preset profile `key` (idempotent); optionally make it active.

    A profile that dialogues already run under keeps its rules: changing them is refused (make a
    new profile instead), so the dialogues keep the rules they started under.
    """
    if key not in PRESETS:
        raise ValidationError(
            {
                "key": _("Unknown preset %(key)s; choose one of: %(keys)s.")
                % {"key": key, "keys": ", ".join(sorted(PRESETS))}
            }
        )
    values = PRESETS[key]
    profile = PolicyProfile.objects.select_for_update().filter(key=key).first()
    created = profile is None
    if created:
        profile = PolicyProfile(key=key)
    changed = [name for name in PRESET_FIELDS if getattr(profile, name) != values[name]]
    # Hanging the profile on a dialogue policy changes no rule of the dialogues already under it
    # (they keep their profile): allowed for a profile in use, unlike a change of its rules.
    relinked = policy_document is not None and profile.policy_document_id != policy_document.pk
    if changed and not created and profile.is_in_use:
        raise ValidationError(
            {
                "key": _(
                    "The profile %(key)s is used by dialogues, so its rules cannot change "
                    "(they keep the rules they started under). Create a new profile instead."
                )
                % {"key": key}
            }
        )
    if relinked:
        changed.append("policy_document")
    if changed or created:
        for name in PRESET_FIELDS:
            setattr(profile, name, values[name])
        if policy_document is not None:
            profile.policy_document = policy_document
        profile.full_clean(exclude=["is_active"])
        profile._history_user = user
        profile.save()
    # The preset's checklists follow the profile, and activating it brings its document types
    # (issue 16); each lives in its own module.
    checklists.apply_preset(profile=profile, user=user)
    if activate:
        activate_profile(profile=profile, user=user)
        document_type_presets.apply_preset(key=key, user=user)
    return PresetResult(profile=profile, created=created, changed=[] if created else changed)


# --- loading a register from a list of titles (the demo) ------------------------------------


@transaction.atomic
def import_titles_once(*, path, user=None) -> ImportResult:
    """Import the titles in the text file at `path` that the register does not hold yet (by
    title), so that loading the same list again adds nothing."""
    from .importers import parse_file

    with open(path, "rb") as handle:
        content = handle.read()
    known = {title.casefold() for title in SteeringDocument.objects.values_list("title", flat=True)}
    rows = [
        row
        for row in parse_file(str(path), content)
        if row.values.get("title", "").strip().casefold() not in known
    ]
    return import_documents(rows=rows, dry_run=False, user=user)


@transaction.atomic
def ensure_document(*, data: dict, keywords=None, user=None) -> tuple[SteeringDocument, bool]:
    """The adopted document with this title, adopting body and decision date; created (through
    `create_document`, so validated) when it is not in the register yet."""
    found = SteeringDocument.objects.filter(
        title=data["title"],
        adopting_body=data.get("adopting_body"),
        decision_date=data.get("decision_date"),
    ).first()
    if found is not None:
        return found, False
    return create_document(data=data, user=user, keywords=keywords), True

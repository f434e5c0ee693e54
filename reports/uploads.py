"""The justerat protokollsutdrag: the secretary uploads the authoritative extract of a decision
from the municipality's meeting system (a PDF); stored as the next version, with its checksum.

Delaktig's own extract (reports.selectors.extract) is a register extract, never the signed
protocol; this upload is the document that counts.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.errors import Conflict, PermissionRefused
from core.permissions import can
from dialog.models import Decision

from .models import ProtocolExtract
from .rules import denied_reason

# A PDF starts with its header within the first kilobyte and ends with an end-of-file marker.
PDF_HEADER = b"%PDF-"
PDF_END = b"%%EOF"


def upload_protocol_extract(*, decision_id: int, user, upload) -> ProtocolExtract:
    """Store `upload` (an uploaded file) as the next version of the decision's extract.

    Refused on the field `file` when it is empty, too large or not a PDF; refused (403) unless
    the user is the committee secretary of the deciding body. Nothing is stored on a refusal.
    """
    with transaction.atomic():
        # The decision's row lock numbers the versions one after the other.
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("body", "dialogue")
            .get(pk=decision_id)
        )
        if not can(user, "reports.upload_protocol_extract", decision):
            raise PermissionRefused(denied_reason("reports.upload_protocol_extract", decision))
        if decision.is_information:
            raise ValidationError({"file": _information()})
        data = _read_pdf(upload)
        latest = decision.protocol_extracts.aggregate(latest=Max("version"))["latest"] or 0
        extract = ProtocolExtract(
            decision=decision,
            version=latest + 1,
            original_name=(getattr(upload, "name", "") or "")[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            uploaded_by=user,
        )
        extract.file.save("protokollsutdrag.pdf", ContentFile(data), save=False)
        try:
            extract.save()
        except BaseException:
            # The row is rolled back: leave no file without one.
            extract.file.storage.delete(extract.file.name)
            raise
    return extract


def _read_pdf(upload) -> bytes:
    if upload is None:
        raise ValidationError({"file": _("Choose the extract's PDF file.")})
    limit = settings.PROTOCOL_EXTRACT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError({"file": _too_large(limit)})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"file": _too_large(limit)})
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if PDF_HEADER not in data[:1024] or PDF_END not in data[-2048:]:
        raise ValidationError(
            {"file": _("The file is not a PDF: upload the extract as the meeting system saved it.")}
        )
    return data


def _information() -> str:
    return _(
        "A stance or a presentation is information, not a decision in the minutes: it has no "
        "extract from the minutes."
    )


def _too_large(limit: int) -> str:
    return _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}


def verify_protocol_extract(extract: ProtocolExtract) -> bytes:
    """The stored file's bytes, after checking them against the checksum taken at upload."""
    with extract.file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != extract.sha256:
        raise Conflict(_("The stored file does not match its checksum; it has been altered."))
    return data

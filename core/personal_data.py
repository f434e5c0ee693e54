"""Register extract and erasure (GDPR art. 15 and 17) over every registered place.

Given an e-mail address, `find_personal_data` asks every place the apps registered
(core.retention) where it is stored; `erase_personal_data` erases it where no archive rule
requires keeping it, and says why the rest is kept. Every search, extract and erasure is logged
in PersonalDataRequest with the address's SHA-256, never the address itself.

Addresses are compared without regard to case and spaces: " Anna.Svensson@Exempel.SE " finds
what was stored as "anna.svensson@exempel.se".
"""

import hashlib
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import PersonalDataRequest
from .retention import Finding, places

INVALID_EMAIL = _("Enter a valid e-mail address, for example namn@exempel.se.")
MAX_LENGTH = 254
_validate = EmailValidator(message=INVALID_EMAIL, code="invalid_email")


def normalise_email(value: str) -> str:
    """Spaces taken away (also inside, as from a copy and paste), every letter lower-cased:
    the form every place compares with (case-insensitively)."""
    return "".join((value or "").split()).lower()


def validate_email(value: str) -> str:
    """The normalised address, or ValidationError (code `invalid_email`)."""
    email = normalise_email(value)
    if not email or len(email) > MAX_LENGTH:
        raise ValidationError(INVALID_EMAIL, code="invalid_email")
    _validate(email)
    return email


def email_hash(email: str) -> str:
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()


def find_personal_data(email: str) -> list[Finding]:
    """Every place `email` (normalised) is stored, place by place."""
    email = normalise_email(email)
    found: list[Finding] = []
    for place in places():
        found.extend(place.find(email))
    return found


def _counts(findings, erasable=None) -> dict:
    return dict(Counter(f.place for f in findings if erasable is None or f.erasable is erasable))


def log_request(*, action: str, email: str, by, findings: list[Finding]) -> PersonalDataRequest:
    return PersonalDataRequest.objects.create(
        action=action,
        email_hash=email_hash(email),
        requested_by=by,
        found=_counts(findings),
        kept=_counts(findings, erasable=False),
    )


@transaction.atomic
def erase_personal_data(*, email: str, by) -> tuple[PersonalDataRequest, list[Finding]]:
    """Erase `email` from every place where no archive rule keeps it; log what was found,
    erased and kept. Returns the log entry and what is left (the kept findings)."""
    email = validate_email(email)
    before = find_personal_data(email)
    erased = {}
    for place in places():
        if place.erase is None:
            continue
        count = place.erase(email)
        if count:
            erased[place.key] = count
    left = find_personal_data(email)
    request = PersonalDataRequest.objects.create(
        action=PersonalDataRequest.Action.ERASURE,
        email_hash=email_hash(email),
        requested_by=by,
        found=_counts(before),
        erased=erased,
        kept=_counts(left),
    )
    return request, left

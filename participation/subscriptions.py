"""A resident's e-mail address for a dialogue's feedback: left (the one way in), taken away
with the signed link in the e-mail, and deleted when its time is up.

The address is stored alone (dialogue, address, when): nothing ties it to what the resident
answered, so the online form calls this apart from storing the submission."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialog.models import Dialogue

from .models import FeedbackSubscription

INVALID_EMAIL = _("Enter a valid e-mail address, for example namn@exempel.se.")
_validate = EmailValidator(message=INVALID_EMAIL, code="invalid_email")


def normalise_email(email: str) -> str:
    """The address as it is stored: spaces taken away (also inside, as from a copy and paste)
    and the domain part lower-cased.

    The domain is case-insensitive everywhere (RFC 5321 §2.4), so lower-casing it is always
    safe. The local part (before the @) may in principle be case-sensitive on the receiving
    server, so it is kept as the resident typed it: the e-mail goes exactly where they asked.
    Duplicates that differ only in case are caught by the database's unique constraint on the
    lower-cased address (one subscription per dialogue and address)."""
    email = "".join((email or "").split())
    local, at, domain = email.rpartition("@")
    if not at:
        return email
    return f"{local}@{domain.lower()}"


def validate_email(email: str) -> str:
    """The normalised address, or ValidationError (code `invalid_email`) with a message for
    the resident."""
    email = normalise_email(email)
    max_length = FeedbackSubscription._meta.get_field("email").max_length
    if not email or len(email) > max_length:
        raise ValidationError(INVALID_EMAIL, code="invalid_email")
    _validate(email)
    return email


@transaction.atomic
def subscribe_for_feedback(*, dialogue_id: int, email: str) -> None:
    """Keep `email` to send the dialogue's feedback to when it is published. A second call
    with the same address (in any case) is a no-op. Raises ValidationError for an invalid
    address and Dialogue.DoesNotExist for an unknown dialogue."""
    email = validate_email(email)
    # Lock the dialogue's row: concurrent calls for the same dialogue check one after another.
    dialogue = Dialogue.objects.select_for_update().only("pk").get(pk=dialogue_id)
    if FeedbackSubscription.objects.filter(dialogue=dialogue, email__iexact=email).exists():
        return
    try:
        with transaction.atomic():  # a savepoint: the constraint may still say it is there
            FeedbackSubscription.objects.create(dialogue=dialogue, email=email)
    except IntegrityError:
        return
    # Left after the feedback went out (a late form): it goes to this address too.
    from .notifications import feedback_may_be_public

    feedback_may_be_public(dialogue_id=dialogue.pk)


# -- The unsubscribe link ------------------------------------------------------------------------

# The link carries the subscription's random token, signed with the SECRET_KEY under this salt
# and timestamped: it works without a log-in, cannot be made up or changed, and expires when the
# address would have been deleted anyway.
UNSUBSCRIBE_SALT = "participation.feedback-subscription.unsubscribe"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)


def unsubscribe_signature(subscription: FeedbackSubscription) -> str:
    return _signer().sign(subscription.token.hex)


def link_max_age() -> timedelta:
    return timedelta(days=settings.FEEDBACK_ADDRESS_MAX_DAYS)


def _token(signed: str) -> uuid.UUID:
    value = _signer().unsign(signed, max_age=link_max_age())
    try:
        return uuid.UUID(hex=value)
    except ValueError:
        raise signing.BadSignature("Not a token") from None


def subscription_for(signed: str) -> FeedbackSubscription | None:
    """The subscription the link names, or None when it is already gone. Raises
    signing.SignatureExpired for an expired link and signing.BadSignature for a forged one."""
    return (
        FeedbackSubscription.objects.filter(token=_token(signed))
        .select_related("dialogue")
        .only("pk", "token", "dialogue__id", "dialogue__title")
        .first()
    )


@transaction.atomic
def unsubscribe(*, signed: str) -> bool:
    """Delete the address the link names, at once. True if it was deleted now, False if it was
    already gone. Raises signing.SignatureExpired / signing.BadSignature like
    `subscription_for`."""
    deleted, _by_model = FeedbackSubscription.objects.filter(token=_token(signed)).delete()
    return bool(deleted)


# -- Retention -----------------------------------------------------------------------------------


def expired_addresses(now=None):
    """The addresses whose time is up: FEEDBACK_ADDRESS_RETENTION_DAYS after the feedback was
    sent to them, or FEEDBACK_ADDRESS_MAX_DAYS after they were left if no feedback ever came."""
    now = now or timezone.now()
    sent_before = now - timedelta(days=settings.FEEDBACK_ADDRESS_RETENTION_DAYS)
    left_before = now - link_max_age()
    return FeedbackSubscription.objects.filter(
        Q(sent_at__lte=sent_before) | Q(created_at__lte=left_before)
    )


@transaction.atomic
def delete_expired_addresses(*, now=None) -> int:
    """Delete every address whose time is up (one statement); returns how many."""
    deleted, _by_model = expired_addresses(now).delete()
    return deleted

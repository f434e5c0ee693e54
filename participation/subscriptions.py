"""A resident leaves an e-mail address to get a dialogue's feedback: the one way in.

The address is stored alone (dialogue, address, when): nothing ties it to what the resident
answered, so the online form calls this apart from storing the submission."""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
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

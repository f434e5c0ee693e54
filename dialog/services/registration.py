"""Registering a dialogue as a case in the municipality's diarium (case numbers).

Which diarium gives the number is configuration (dialog/diarium.py): Delaktig's own series, or
the municipality's diarium whose number the registrar types. Which body's diarium registers the
case is configuration on the body (`Body.registered_in`); its registrars register it.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict

from .. import diarium
from ..models import CaseSequence, Dialogue
from .case import _check


def register_case(*, dialogue_id: int, user, number: str = "") -> Dialogue:
    """Register the dialogue in its diarium body's diarium and give it its case number.

    Own series: `<DIARIUM BODY> <YEAR>/<SEQ>`, gapless per diarium body and year; the number is
    taken in the same transaction that stores it, under a row lock on the sequence, so numbers
    are never skipped, given twice or reused. `number` must then be empty.

    External diarium: `number` is the one the diarium gave. It must match the configured
    pattern and be unused in the municipality; otherwise a ValidationError on `number`. Two
    registrations racing for the same number: the database's unique constraint lets one win,
    and the other gets the same field error.
    """
    number = (number or "").strip()
    try:
        with transaction.atomic():
            dialogue = (
                Dialogue.objects.select_for_update(of=("self",))
                .select_related("body__registered_in")
                .get(pk=dialogue_id)
            )
            if dialogue.is_registered:
                raise Conflict(
                    _("The case is already registered as %(number)s.")
                    % {"number": dialogue.case_number}
                )
            _check(user, "dialog.register_case", dialogue)
            registering = dialogue.body.diarium_body
            year = timezone.localdate().year
            if diarium.is_external():
                _check_external_number(number, dialogue)
                dialogue.case_number = number
                dialogue.case_sequence = None
            else:
                if number:
                    raise ValidationError(
                        {
                            "number": _(
                                "Delaktig gives the number in its own series: leave the field "
                                "empty."
                            )
                        }
                    )
                sequence = _next_case_sequence(registering, year)
                dialogue.case_sequence = sequence
                dialogue.case_number = f"{registering.code} {year}/{sequence}"
            dialogue.case_year = year
            dialogue.diarium_body = registering
            dialogue.diarium = diarium.name()
            dialogue.registered_at = timezone.now()
            dialogue.registered_by = user
            dialogue._history_user = user
            dialogue.save()
    except IntegrityError:
        # Another registration took the same external number between our check and our save.
        if number and Dialogue.objects.filter(case_number=number).exclude(pk=dialogue_id).exists():
            raise ValidationError({"number": _taken(number)}) from None
        raise
    return dialogue


def _check_external_number(number: str, dialogue: Dialogue) -> None:
    if not number:
        raise ValidationError(
            {
                "number": _("Write the case number %(diarium)s gave, e.g. %(example)s.")
                % {"diarium": diarium.name(), "example": diarium.example()}
            }
        )
    if not diarium.matches(number):
        raise ValidationError({"number": diarium.not_matching_message()})
    if Dialogue.objects.filter(case_number=number).exclude(pk=dialogue.pk).exists():
        raise ValidationError({"number": _taken(number)})


def _taken(number: str) -> str:
    return _("The case number %(number)s is already used by another dialogue.") % {"number": number}


def _next_case_sequence(body, year: int) -> int:
    CaseSequence.objects.get_or_create(body=body, year=year)
    sequence = CaseSequence.objects.select_for_update().get(body=body, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last

"""Registering a dialogue as a case in the municipality's diarium (case numbers)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict

from ..models import CaseSequence, Dialogue
from .case import _check


def register_case(*, dialogue_id: int, user) -> Dialogue:
    """Give the dialogue its case number, `<BODY> <YEAR>/<SEQ>`: gapless per body and year.

    The number is taken in the same transaction that stores it, under a row lock on the body's
    sequence for the year, so numbers are never skipped, given twice or reused.
    """
    with transaction.atomic():
        dialogue = (
            Dialogue.objects.select_for_update(of=("self",))
            .select_related("body")
            .get(pk=dialogue_id)
        )
        if dialogue.is_registered:
            raise Conflict(
                _("The case is already registered as %(number)s.")
                % {"number": dialogue.case_number}
            )
        _check(user, "dialog.register_case", dialogue)
        year = timezone.localdate().year
        sequence = _next_case_sequence(dialogue.body, year)
        dialogue.case_year = year
        dialogue.case_sequence = sequence
        dialogue.case_number = f"{dialogue.body.code} {year}/{sequence}"
        dialogue.registered_at = timezone.now()
        dialogue.registered_by = user
        dialogue._history_user = user
        dialogue.save()
    return dialogue


def _next_case_sequence(body, year: int) -> int:
    CaseSequence.objects.get_or_create(body=body, year=year)
    sequence = CaseSequence.objects.select_for_update().get(body=body, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last

"""What dialog registers with the shared records base (core.retention): the inputs' free text.

An input (InputItem) is part of the case file and stays. Its text is a resident's view in their
own words, sometimes signed with an e-mail address, a phone number or a personal identity
number: the gallring rule "dialog.input_text" replaces those (core.anonymise) a period after the
dialogue ended (closed, rejected or cancelled), in the inputs, withdrawn ones included, and in
their history rows. The anonymous demographics (age band, gender, area) are not personal data
on their own and stay, counted under the small-count rule.

For a register extract, the inputs and their history are searched for the address; they are
kept on erasure: an input is an allmän handling that the archive rules keep until gallring.
"""

from django.utils.translation import gettext_lazy as _

from core.anonymise import CANDIDATE_REGEX, excerpt, scrub_rows
from core.retention import (
    Finding,
    Outcome,
    PersonalDataPlace,
    RetentionKind,
    register_place,
    register_retention,
)

from .models import InputItem, TransitionLog
from .models.states import END_STATES

INPUT_TEXT = "dialog.input_text"
TEXT_FIELDS = ["text"]
KEPT = _(
    "Part of the dialogue's case file (an allmän handling): kept under the archive rules "
    "until the gallring rule for inputs anonymises it."
)


def ended_before(cutoff):
    """The dialogues that ended (closed, rejected, cancelled) at or before `cutoff`."""
    return TransitionLog.objects.filter(
        target__in=END_STATES, at__lte=cutoff, dialogue__state__in=END_STATES
    ).values("dialogue_id")


def _inputs(cutoff):
    return InputItem.all_objects.filter(
        dialogue_id__in=ended_before(cutoff), text__regex=CANDIDATE_REGEX
    )


def _history(cutoff):
    return InputItem.history.model._base_manager.filter(
        dialogue_id__in=ended_before(cutoff), text__regex=CANDIDATE_REGEX
    )


def _run(*, cutoff, apply: bool) -> Outcome:
    return Outcome(
        rows=scrub_rows(_inputs(cutoff), TEXT_FIELDS, apply=apply),
        history_rows=scrub_rows(_history(cutoff), TEXT_FIELDS, apply=apply),
    )


def due(*, cutoff, now) -> Outcome:
    return _run(cutoff=cutoff, apply=False)


def apply(*, cutoff, now) -> Outcome:
    return _run(cutoff=cutoff, apply=True)


register_retention(
    RetentionKind(
        key=INPUT_TEXT,
        label=_("Inputs: personal details in the free text"),
        personal_data=_(
            "E-mail addresses, phone numbers and personal identity numbers written in an "
            "input's text (and in its history)."
        ),
        action="anonymise",
        counted_from=_("the day the dialogue ended (closed, rejected or cancelled)"),
        # The year after the end: the yearly follow-up and an appeal read the inputs.
        minimum_days=365,
        due=due,
        apply=apply,
    )
)


# -- Register extract ----------------------------------------------------------------------------


def _record(item_id, dialogue) -> str:
    number = f" ({dialogue.case_number})" if dialogue.case_number else ""
    return str(_("Input %(id)s in “%(dialogue)s”%(number)s")) % {
        "id": item_id,
        "dialogue": dialogue.title,
        "number": number,
    }


def find(email: str) -> list[Finding]:
    found = []
    items = (
        InputItem.all_objects.filter(text__icontains=email)
        .select_related("dialogue")
        .only(
            "id",
            "text",
            "created_at",
            "dialogue__title",
            "dialogue__case_number",
            "dialogue__state",
        )
        .order_by("pk")
    )
    for item in items:
        found.append(
            Finding(
                place=INPUT_TEXT,
                place_label=str(_("Inputs' text")),
                record=_record(item.pk, item.dialogue),
                value=excerpt(item.text, email),
                stored_at=item.created_at,
                kept_because=str(KEPT),
            )
        )
    history = (
        InputItem.history.model._base_manager.filter(text__icontains=email)
        .select_related("dialogue")
        .only(
            "history_id",
            "id",
            "text",
            "history_date",
            "dialogue__title",
            "dialogue__case_number",
            "dialogue__state",
        )
        .order_by("history_id")
    )
    for row in history:
        found.append(
            Finding(
                place=f"{INPUT_TEXT}.history",
                place_label=str(_("Inputs' history (earlier versions)")),
                record=_record(row.id, row.dialogue),
                value=excerpt(row.text, email),
                stored_at=row.history_date,
                kept_because=str(KEPT),
            )
        )
    return found


register_place(
    PersonalDataPlace(key=INPUT_TEXT, label=_("Inputs' text"), find=find, kept_because=KEPT)
)

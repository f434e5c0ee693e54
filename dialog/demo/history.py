"""The demo's history part (issue 15), called by `load_demo`: on 'Trygghet i centrum', just
before the compilation starts, three people change the case through the services, so that its
history page (dialog:history) shows who changed what, and a withdrawn input:

- Mikael Eriksson, the responsible official, corrects where an input was given;
- Sofia Andersson, the expert official, registers a letter twice and withdraws the copy, with
  the reason (withdrawn, never deleted: it stays on the history page, marked);
- Ingrid Sjöberg, KS's committee secretary, adds KS's vice chair to the responsible politicians.

Runs only while the dialogue is being built, so loading the demo again changes nothing.
"""

from django.utils import timezone

from .. import services
from ..models import Assignment, InputItem

TITLE = "Trygghet i centrum"
OFFICIAL, EXPERT, CLERK = "mikael.eriksson", "sofia.andersson", "ingrid.sjoberg"
ADDED_POLITICIAN = "johan.berg"
LETTER = "Brev: gångtunneln under järnvägen behöver bättre belysning och en kamera."
DUPLICATE_REASON = "Brevet registrerades två gånger; originalet finns kvar i registret."


def before_step(*, dialogue, action: str, people, official) -> None:
    """Called before each demo step (`action` is a transition name or "register")."""
    if dialogue.title != TITLE or action != "start_compilation":
        return
    _correct_an_input(dialogue, people[OFFICIAL])
    _withdraw_a_duplicate(dialogue, people[EXPERT])
    _add_a_politician(dialogue, people[CLERK], people[ADDED_POLITICIAN])


def load(*, bodies, people, command) -> None:
    """Called once after the demo dialogues are built: nothing more to do."""


def _correct_an_input(dialogue, official) -> None:
    item = InputItem.objects.filter(dialogue=dialogue).order_by("pk").first()
    if item is None:
        return
    services.save_input(
        dialogue_id=dialogue.pk,
        user=official,
        item_id=item.pk,
        expected_updated_at=item.updated_at,
        data={"area": "Centrum, vid busstationen"},
    )


def _withdraw_a_duplicate(dialogue, expert) -> None:
    data = {
        "text": LETTER,
        "source": InputItem.Source.LETTER,
        "received_on": timezone.localdate(),
        "area": "Centrum",
        "within_purpose": True,
    }
    services.save_input(dialogue_id=dialogue.pk, user=expert, data=data)
    copy = services.save_input(dialogue_id=dialogue.pk, user=expert, data=data)
    services.delete_input(
        dialogue_id=dialogue.pk, user=expert, item_id=copy.pk, reason=DUPLICATE_REASON
    )


def _add_a_politician(dialogue, clerk, politician) -> None:
    assignments = list(dialogue.assignments.select_related("person"))

    def having(role):
        return [a.person for a in assignments if a.role == role]

    services.set_responsibility(
        dialogue_id=dialogue.pk,
        user=clerk,
        responsible_official=dialogue.responsible_official,
        politicians=[*having(Assignment.Role.POLITICIAN), politician],
        experts=having(Assignment.Role.EXPERT),
        communicators=having(Assignment.Role.COMMUNICATOR),
    )

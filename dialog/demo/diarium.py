"""The demo's diarium part (issue 12): the council's matters are registered in the executive
board's diarium, as in most municipalities (Ingrid, the demo's registrar of both, registers
them). The demo keeps Delaktig's own series (`make run` needs no configuration); the external
diarium's mode is shown in the tests and the README."""

from roles.models import Body

COUNCIL = "KF"
EXECUTIVE_BOARD = "KS"


def before_step(*, dialogue, action: str, people, official) -> None:
    """Called before each demo step (`action` is a transition name or "register")."""
    if action == "register":
        _council_in_the_executive_boards_diarium()


def load(*, bodies, people, command) -> None:
    """Called once after the demo dialogues are built, inside the same transaction."""
    _council_in_the_executive_boards_diarium()


def _council_in_the_executive_boards_diarium() -> None:
    council = Body.objects.filter(code=COUNCIL, registered_in__isnull=True).first()
    board = Body.objects.filter(code=EXECUTIVE_BOARD).first()
    if council is None or board is None or board.registered_in_id:
        return
    council.registered_in = board
    council.full_clean()
    council.save()

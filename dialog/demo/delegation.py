"""The demo's delegation part (issue 12). Called by `load_demo`; placeholder until filled."""


def before_step(*, dialogue, action: str, people, official) -> None:
    """Called before each demo step (`action` is a transition name or "register")."""


def load(*, bodies, people, command) -> None:
    """Called once after the demo dialogues are built, inside the same transaction."""

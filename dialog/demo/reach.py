"""The demo's part: Reach per target group and activity evaluations on the closed demo dialogue
(issue 16). Called by `load_demo`.
"""


def load(*, bodies, people, command) -> None:
    """Idempotent: loading the demo again changes nothing."""


def before_step(*, dialogue, action: str, people, official) -> None:
    """Called before each demo step (`action` is a transition name or "register")."""

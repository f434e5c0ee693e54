"""The demo's part: What the follow-up of this year and the last needs beyond the dialogues (issue
16). Called by `load_demo`.
"""


def load(*, bodies, people, command) -> None:
    """Idempotent: loading the demo again changes nothing."""

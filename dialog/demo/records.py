"""The demo's part: A gallring dry run, so that the gallring log shows what is due (issue 15).
Called by `load_demo`.
"""


def load(*, bodies, people, command) -> None:
    """Idempotent: loading the demo again changes nothing."""

"""The demo's part: Reach per target group and activity evaluations on the closed demo dialogue
(issue 16). Called by `load_demo`.
"""


def load(*, bodies, people, command) -> None:
    """Idempotent: loading the demo again changes nothing."""

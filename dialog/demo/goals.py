"""The demo's part: Goals linked to dialogues and steering documents, and Solna's checklists (issue
16). Called by `load_demo`.
"""


def load(*, bodies, people, command) -> None:
    """Idempotent: loading the demo again changes nothing."""

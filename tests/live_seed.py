"""Run as `python -m tests.live_seed` against a file database (DATABASE_URL): a dialogue at step
9 with every step's content (the reports tests' fixture), and one JSON line with the clerk's
log-in and the dialogue."""

import json

import django

django.setup()

from tests.factories import Cast  # noqa: E402
from tests.reports.conftest import build_full_dialogue  # noqa: E402


def main() -> dict:
    cast = Cast()
    dialogue, _extra = build_full_dialogue(cast)
    return {
        "clerk": cast.clerk.username,
        "password": "test-password-123",
        "dialogue": dialogue.pk,
        "case_number": dialogue.case_number,
    }


if __name__ == "__main__":
    print(json.dumps(main()))

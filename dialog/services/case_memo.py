"""The tjänsteskrivelse of each decision point. Placeholder until that work fills it."""


def freeze_for_submission(*, dialogue, point: str, user) -> None:
    """Freeze (and date) the decision point's tjänsteskrivelse as it is submitted."""

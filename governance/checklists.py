"""Solna's checklists (its bilaga 1) as data, per preset (issue 16)."""


def apply_preset(*, profile, user=None) -> None:
    """Create or update the checklists of the preset `profile.key` (idempotent)."""

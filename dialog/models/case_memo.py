"""The tjänsteskrivelse (the decision basis of each decision point), frozen when the point
is submitted."""

__all__: list[str] = []

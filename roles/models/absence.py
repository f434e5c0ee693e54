"""Absences noted for a body's chair (the vice chair then acts, e.g. for an urgent decision)."""

__all__: list[str] = []

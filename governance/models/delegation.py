"""A body's delegation order (delegationsordning): which decision points may be delegated and
to whom."""

__all__: list[str] = []

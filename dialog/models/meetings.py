"""A decision point on a meeting's agenda (föredragningslista)."""

__all__: list[str] = []

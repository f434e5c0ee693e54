"""A body's meetings (sammanträden) and who attended them."""

__all__: list[str] = []

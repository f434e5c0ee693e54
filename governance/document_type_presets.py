"""The steering-document types each preset brings, with the seed line each comes from (issue 16).
Filled by the document-type work."""


def apply_preset(*, key: str, user=None) -> None:
    """Make the document types those of the preset `key` (idempotent); called on activation."""

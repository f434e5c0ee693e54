"""Signals the residents' side sends, so that its parts need not import each other."""

from django.dispatch import Signal

# A resident's view arrived through the online form and waits for moderation.
# Sent with dialogue_id and submission_id, after the transaction that stored it commits.
online_view_received = Signal()

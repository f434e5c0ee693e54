"""Signals dialog sends, so that the apps above it (participation) can act on the case without
dialog importing them."""

from django.dispatch import Signal

# The feedback to residents was published (dialog.services.decision_followup.
# publish_resident_feedback). Sent with dialogue_id, after the transaction commits.
resident_feedback_published = Signal()

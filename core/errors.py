"""The refusals every app raises when an action may not be taken now.

Services raise them; `core.views.refusals` turns them into 403/409/400 pages. They carry their
reasons in the user's language, so a view never has to build a message of its own.
"""

from django.core.exceptions import PermissionDenied


class ActionRefused(Exception):
    """An action that may not be taken now; `reasons` say why, in the user's language."""

    def __init__(self, reasons):
        self.reasons = [
            str(r) for r in (reasons if isinstance(reasons, list | tuple) else [reasons])
        ]
        super().__init__("; ".join(self.reasons))


class PermissionRefused(ActionRefused, PermissionDenied):
    """Also Django's PermissionDenied: wherever it escapes a view, the answer is the 403 page
    with its reasons (core.views.permission_denied) and one log line (core.logfilters)."""


class ConditionsUnmet(ActionRefused):
    pass


class Conflict(ActionRefused):
    pass

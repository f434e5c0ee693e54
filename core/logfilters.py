"""Logging filters every app shares."""

import logging

from django.core.exceptions import PermissionDenied


class OneLineRefusals(logging.Filter):
    """Turn Django's log of a 403 into one WARNING line: user, path and reason, no traceback.

    Django logs a PermissionDenied with its whole traceback, but a refusal is the permission
    system working, not a fault: an audit produced 28,000 tracebacks that buried real errors.
    Attach to the ``django.request`` and ``django.security.csrf`` loggers; other records pass
    unchanged. A view that answers 403 without raising can set ``request.refusal_reason``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        request = getattr(record, "request", None)
        exception = record.exc_info[1] if record.exc_info else None
        reason = getattr(request, "refusal_reason", "") or ""
        if isinstance(exception, PermissionDenied) and str(exception):
            reason = str(exception)
        if not reason and exception is None:
            reason = record.getMessage()  # e.g. the CSRF failure's own one-line reason
        user = getattr(request, "user", None)
        who = user.get_username() if user is not None and user.is_authenticated else "anonymous"
        path = request.get_full_path() if request is not None else "-"
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.msg = "Refused: user=%s path=%s reason=%s"
        record.args = (who, path, " ".join(str(reason).split()) or "-")
        record.exc_info = None
        record.exc_text = None
        return True

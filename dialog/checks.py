"""Start-up checks of the dialog app's settings (Django's system checks: `manage.py check`,
and before `runserver` and `migrate`)."""

from django.core import checks

from . import diarium


@checks.register(checks.Tags.compatibility)
def check_diarium(app_configs=None, **kwargs):
    """An unknown DIARIUM_MODE, an invalid DIARIUM_NUMBER_PATTERN, or an external diarium
    without its name or with an example its own pattern refuses: errors, so the server does
    not start with registration broken."""
    return [
        checks.Error(message, hint=hint, id=error_id)
        for error_id, message, hint in diarium.configuration_errors()
    ]

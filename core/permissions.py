"""The one permission check: our `rules` predicates only, never Django's superuser pass.

`user.has_perm` would let a superuser through anything; a page must offer exactly what the
service will accept, so every app asks `rules.has_perm` through here. The reason given when
refused is the owning app's: `<app>.rules.denied_reason(permission, obj)`, found by the
permission's app label the way Django finds an app's admin module, so core imports no app.
"""

from importlib import import_module

import rules
from django.apps import apps
from django.utils.translation import gettext as _

from core.errors import PermissionRefused


def can(user, permission: str, obj=None) -> bool:
    return rules.has_perm(permission, user, obj)


def denied_reason(permission: str, obj=None) -> str:
    """Why `permission` is refused, in the words of the app that owns it."""
    label = permission.partition(".")[0]
    try:
        module = import_module(f"{apps.get_app_config(label).name}.rules")
    except (LookupError, ModuleNotFoundError):
        module = None
    explain = getattr(module, "denied_reason", None)
    return str(explain(permission, obj)) if explain else _("You are not allowed to do this.")


def require(user, permission: str, obj=None) -> None:
    """Raise PermissionRefused (a 403 wherever it escapes a view) unless the rules allow it."""
    if not can(user, permission, obj):
        raise PermissionRefused(denied_reason(permission, obj))

"""Middleware every app shares."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from core.net import client_address, in_networks, parse_networks


class AdminNetworkMiddleware:
    """`/admin/` answers only requests from the networks in ``settings.ADMIN_ALLOWED_NETWORKS``.

    The administration can make superusers and unlock accounts, so it is reachable only from
    the municipality's own networks; elsewhere the answer is a 403 that says why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = self._admin_prefix()
        if prefix and request.path.startswith(prefix):
            allowed = parse_networks(getattr(settings, "ADMIN_ALLOWED_NETWORKS", ()))
            if not in_networks(client_address(request), allowed):
                raise PermissionDenied(
                    _("The administration can only be reached from the municipality's network.")
                )
        return self.get_response(request)

    @staticmethod
    def _admin_prefix() -> str | None:
        try:
            return reverse("admin:index")
        except NoReverseMatch:
            return None

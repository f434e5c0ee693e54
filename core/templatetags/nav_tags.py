"""The internal pages' menu and footer: links shown only where the page behind them answers."""

from django import template
from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from core.net import client_address, in_networks, parse_networks

register = template.Library()


@register.simple_tag
def may_administer(request) -> bool:
    """Whether the site administration's index answers this request with a page, not a 403:
    Django's own check (an active staff member) and the network allow-list
    (core.middleware.AdminNetworkMiddleware)."""
    if request is None or not admin.site.has_permission(request):
        return False
    try:
        reverse("admin:index")
    except NoReverseMatch:
        return False
    allowed = parse_networks(getattr(settings, "ADMIN_ALLOWED_NETWORKS", ()))
    return in_networks(client_address(request), allowed)


@register.simple_tag
def contact_email() -> str:
    return settings.PUBLIC_CONTACT_EMAIL

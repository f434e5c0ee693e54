"""Template helpers of the public pages."""

from django import template
from django.urls import reverse
from django.utils import translation

from core import smallcounts

register = template.Library()

NAMESPACES = {"sv": "public", "en": "public_en"}


def namespace(language: str | None = None) -> str:
    return NAMESPACES.get(language or translation.get_language() or "sv", "public")


def public_reverse(name: str, *args, language: str | None = None) -> str:
    return reverse(f"{namespace(language)}:{name}", args=args)


@register.simple_tag
def public_url(name, *args):
    """A public page's address in the language the page is shown in."""
    return public_reverse(name, *args)


@register.filter
def small_count(value):
    """Counts of 1 to 4 can point at a person in a small place: shown as "fewer than 5"."""
    return smallcounts.shown(value)

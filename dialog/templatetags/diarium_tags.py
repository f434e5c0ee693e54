"""What the pages need to know about the diarium (settings only: no queries)."""

from django import template

from dialog import diarium

register = template.Library()


@register.simple_tag
def diarium_is_external() -> bool:
    """Whether the registrar types the number an external diarium gave (DIARIUM_MODE)."""
    return diarium.is_external()

"""The GOV.UK error pattern on every form page (issue 14).

- `{% error_prefix %}` in a page's title block: "Error: " when a form on the page has errors,
  so that the title says so before anything else (the title line itself is base.html's).
- `{% error_summary form as entries %}`: the summary's entries, each a link to the field's input
  (the first of a group of radio buttons or check boxes), its text the message when the message
  names the field, else "<label>: <message>".
- `{% field_group field %}`: the field as Django renders it, its label marked "(optional)" when it
  may be left empty, so that the required fields need no marks of their own.
"""

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _

register = template.Library()


def _has_errors(value) -> bool:
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def error_prefix(context) -> str:
    """ "Error: " when any form (or formset) in the page's context failed validation."""
    seen = set()
    for layer in context.dicts:
        for value in layer.values() if isinstance(layer, dict) else ():
            if id(value) in seen:
                continue
            seen.add(id(value))
            if _has_errors(value):
                return _("Error: ")
    return ""


def _target(bound) -> str:
    """The id of the input a summary link moves to: the field's own, or its first choice's."""
    target = bound.id_for_label or ""
    if not target and bound.auto_id:
        target = f"{bound.auto_id}_0"
    return target or bound.auto_id or ""


@register.simple_tag
def error_summary(form) -> list[dict]:
    entries = [{"href": "", "text": str(e)} for e in form.non_field_errors()]
    for bound in form.visible_fields():
        label = str(bound.label or bound.name)
        for error in bound.errors:
            error = str(error)
            named = label.casefold().rstrip(":?") in error.casefold()
            entries.append(
                {
                    "href": _target(bound),
                    "text": error if named else f"{label}: {error}",
                }
            )
    for bound in form.hidden_fields():
        entries.extend({"href": "", "text": str(e)} for e in bound.errors)
    return entries


_NO_MARK = (forms.CheckboxInput, forms.HiddenInput)


@register.simple_tag
def field_group(bound):
    """The field's group (label, help, errors, input), "(optional)" after the label of a field
    that may be left empty. A single check box is never marked: it is a choice in itself."""
    field = bound.field
    if not field.required and bound.label and not isinstance(field.widget, _NO_MARK):
        mark = _("(optional)")
        if not str(bound.label).endswith(mark):
            bound.label = f"{bound.label} {mark}"
    return bound.as_field_group()

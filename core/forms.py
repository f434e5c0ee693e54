"""What every app's forms share (issue 14): empty choices that read "Välj …" instead of Django's
"---------" (`ChooseLabelMixin`, `ChooseLabelForm` for the filters), and error messages that name
the field and say what to do (`RequiredMessagesMixin`, which `ChooseLabelMixin` includes, so every
form of ours has both).

Required messages
-----------------

Django's "This field is required." ("Detta fält måste fyllas i.") names nothing; with the error
summary at the top of the page (GOV.UK's pattern) a reader must know which field each message
is about. `RequiredMessagesMixin` gives every field of the form, when it is validated, a required
message built from its label: "Fill in <label>" for what is typed, "Choose <label>" for what is
picked (a select, radio buttons, check boxes, a file). A message a form sets itself is kept.
"""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.choices import normalize_choices
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# The widgets where the user picks rather than types.
_CHOOSING = (forms.Select, forms.RadioSelect, forms.CheckboxInput, forms.CheckboxSelectMultiple)
_CHOOSING_FIELDS = (forms.ChoiceField, forms.ModelChoiceField, forms.FileField)


def _lower_first(text) -> str:
    """The label inside a sentence: "Title" -> "title"; an abbreviation ("KPR") stays."""
    text = str(text).strip().rstrip(":")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


_lower_first_lazy = lazy(_lower_first, str)


def chooses(field: forms.Field) -> bool:
    """The user picks a value from choices (or a file) rather than typing it."""
    return isinstance(field, _CHOOSING_FIELDS) or isinstance(field.widget, _CHOOSING)


def required_message(field: forms.Field, name: str):
    """ "Fill in <label>" or "Choose <label>", translated when shown."""
    label = _lower_first_lazy(field.label or name.replace("_", " "))
    if chooses(field):
        return format_lazy(_("Choose {}"), label)
    return format_lazy(_("Fill in {}"), label)


def _is_default(field: forms.Field) -> bool:
    """The field still carries Django's generic required message (its class's default)."""
    message = field.error_messages.get("required")
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return message is None or str(message) == str(defaults.get("required", ""))


class RequiredMessagesMixin:
    """Every field's required message names the field (see the module's docstring). Applied when
    the form is validated, so that fields a form adds or makes required in its own `__init__`
    get it too."""

    def full_clean(self):
        for name, field in self.fields.items():
            if _is_default(field):
                field.error_messages = {
                    **field.error_messages,
                    "required": required_message(field, name),
                }
        super().full_clean()


# -- "Välj …" for the empty choice ---------------------------------------------------------------

EMPTY_LABEL = _("Choose …")
_DASHES = "---------"


def choose_label(field: forms.Field) -> None:
    """Give `field`'s empty choice the label "Choose …" where it has Django's dashes; an empty
    label the form chose itself ("All") is kept. Doing it twice changes nothing."""
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None and str(field.empty_label) == _DASHES:
            field.empty_label = EMPTY_LABEL
        if not isinstance(field.choices, list):
            return  # read from the queryset with the empty label when rendered
        # Else a form set the choices as a list (governance's adopting body): fall through.
    if isinstance(field, forms.ChoiceField) and hasattr(field, "iterator"):
        # django-filter's choice field adds its empty choice while iterating: relabel it there,
        # and keep only the field's own choices as a list (read once, the empty choice not
        # added a second time).
        if field.empty_label is not None and str(field.empty_label) == _DASHES:
            field.empty_label = EMPTY_LABEL
        field.choices = list(normalize_choices(getattr(field.choices, "choices", field.choices)))
        return
    if isinstance(field, forms.ChoiceField):
        # Kept as the list read here, so that choices from a callable (a query: the dialogue
        # list's case years) are not read a second time when the field is rendered.
        choices = list(field.choices)
        field.choices = [
            (value, EMPTY_LABEL if value == "" and str(label) == _DASHES else label)
            for value, label in choices
        ]


class ChooseLabelMixin(RequiredMessagesMixin):
    """Every select of the form offers "Choose …" as its empty choice (and, through
    `RequiredMessagesMixin`, every required message names its field). Applied when a field is
    read for rendering, so that fields a form adds in its own `__init__` are covered too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            choose_label(field)

    def __getitem__(self, name):
        field = self.fields.get(name)
        if field is not None:
            choose_label(field)
        return super().__getitem__(name)


class ChooseLabelForm(ChooseLabelMixin, forms.Form):
    """The filters' form (django-filter's `Meta.form`): no dashes in their selects."""


class LoginForm(ChooseLabelMixin, auth_forms.AuthenticationForm):
    """The log-in form: "Fyll i användarnamn", not Django's "Detta fält måste fyllas i"."""


class PasswordChangeForm(ChooseLabelMixin, auth_forms.PasswordChangeForm):
    """Changing one's password, with required messages that name the field."""

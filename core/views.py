"""What every app's views share: one way to answer a service's refusal, and the 403 page.

A view runs its service call inside ``with refusals(form) as attempt:``:

    form = SomeForm(request.POST or None)
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            thing = services.do(user=request.user, **form.cleaned_data)
            return redirect(thing)
    return render(request, "app/page.html", {"form": form}, status=attempt.status)

- `PermissionRefused` passes through: it is a `PermissionDenied`, so Django answers with the
  403 page below, every reason on it, and core.logfilters logs one line;
- `Conflict` and `ConditionsUnmet` are kept in ``attempt.conflict`` / ``attempt.missing``
  (status 409), any other `ActionRefused` in ``attempt.refused`` (status 400): where the page
  shows them is the view's choice;
- `ValidationError` goes onto the form's fields (status 400). The bound form is rendered again,
  so what the user typed is kept.

The block is skipped from the line that raised; the view carries on after it.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused


def add_errors(form, error: ValidationError, aliases: dict | None = None) -> None:
    """Put a service's ValidationError on the form's fields; unknown keys go on top."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        field = aliases.get(key, key)
        form.add_error(field if field in form.fields else None, errors)


class refusals:  # noqa: N801 - used like a function: `with refusals(form):`
    """Catch a service's refusals inside a ``with`` block; see the module's docstring."""

    def __init__(self, form=None, *, aliases: dict | None = None):
        self.form = form
        self.aliases = aliases
        self.conflict: list[str] = []
        self.missing: list[str] = []
        self.refused: list[str] = []
        self.invalid = False
        self.error: Exception | None = None

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is None:
            return False
        if isinstance(error, PermissionRefused):
            return False  # a PermissionDenied too: Django answers with the 403 handler below
        if isinstance(error, Conflict):
            self.conflict = error.reasons
        elif isinstance(error, ConditionsUnmet):
            self.missing = error.reasons
        elif isinstance(error, ActionRefused):
            self.refused = error.reasons
        elif isinstance(error, ValidationError) and self.form is not None:
            add_errors(self.form, error, self.aliases)
            self.invalid = True
        else:
            return False
        self.error = error
        return True

    @property
    def reasons(self) -> list[str]:
        """The refusal's reasons, whichever kind it was (empty after a ValidationError)."""
        return getattr(self.error, "reasons", [])

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def status(self) -> int:
        """409 after a conflict or unmet conditions, 400 after any other refusal or with form
        errors, else 200."""
        if self.conflict or self.missing:
            return 409
        if self.refused or self.invalid:
            return 400
        if self.form is not None and self.form.is_bound and self.form.errors:
            return 400
        return 200


def refused(request, reasons, status=403):
    """The 403 page (or another status) for a refusal, with every reason it gave."""
    reasons = [str(r) for r in reasons]
    request.refusal_reason = "; ".join(reasons)  # one log line (core.logfilters)
    return render(request, "403.html", {"reasons": reasons}, status=status)


def permission_denied(request, exception=None):
    """handler403: the reasons the view was refused with, or a general one."""
    reasons = getattr(exception, "reasons", None)
    if not reasons:
        reason = str(exception) if exception is not None and str(exception) else ""
        reasons = [reason] if reason else [_("You are not allowed to see this page.")]
    return render(request, "403.html", {"reasons": list(reasons)}, status=403)

"""Registering the case in the diarium (dialog.services.registration). Thin, without JavaScript:
the dialogue page carries the form; this page shows it again with its errors, the typed number
kept, and answers a GET with the same form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.permissions import require
from core.views import refusals

from . import diarium, services
from .forms.registration import RegistrationForm
from .views import _load_viewable


@login_required
def register_case(request, pk: int):
    dialogue = _load_viewable(request, pk)
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    attempt = refusals(form, aliases={"number": "number"})
    if request.method == "POST" and form.is_valid():
        with attempt:
            registered = services.register_case(
                dialogue_id=dialogue.pk,
                user=request.user,
                number=form.cleaned_data.get("number", ""),
            )
            messages.success(
                request,
                _("The case has been registered as %(number)s.")
                % {"number": registered.case_number},
            )
            return redirect(registered)
        if attempt.reasons:
            # Already registered (a conflict): the dialogue page says so and shows the number.
            for reason in attempt.reasons:
                messages.error(request, reason)
            return redirect(dialogue)
    elif request.method != "POST":
        require(request.user, "dialog.register_case", dialogue)
    context = {
        "dialogue": dialogue,
        "form": form,
        "title": _("Register the case"),
        "diarium_name": diarium.name(),
        "external": diarium.is_external(),
        "diarium_body": dialogue.body.diarium_body,
    }
    return render(request, "dialog/register.html", context, status=attempt.status)

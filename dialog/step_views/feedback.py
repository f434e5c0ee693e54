"""Step 7's own pages: the off-topic inputs and how each was forwarded or handled.

Thin: permissions are `rules`, changes go through `dialog.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.permissions import can, require
from core.views import add_errors as _add_errors
from core.views import refused

from .. import services
from ..forms import (
    ForwardingForm,
)
from ..models import (
    Forwarding,
)
from ..views import _load_viewable

# -- Step 7: off-topic input forwarded --------------------------------------------------------


@login_required
def forwardings(request, pk: int):
    """The off-topic inputs and how each was routed, as the mandate said."""
    dialogue = _load_viewable(request, pk)
    inputs = (
        dialogue.inputs.filter(within_purpose=False)
        .prefetch_related(
            Prefetch("forwardings", queryset=Forwarding.objects.select_related("body", "by"))
        )
        .order_by("received_on", "pk")
    )
    context = {
        "dialogue": dialogue,
        "title": _("Off-topic input"),
        "inputs": inputs,
        "offtopic_handling": getattr(getattr(dialogue, "mandate", None), "offtopic_handling", ""),
        "can_edit": can(request.user, "dialog.edit_feedback", dialogue),
    }
    return render(request, "dialog/results/forwardings.html", context)


@login_required
def forward_input(request, pk: int, input_pk: int):
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_feedback", dialogue)
    item = dialogue.inputs.filter(pk=input_pk, within_purpose=False).first()
    if item is None:
        raise Http404(_("There is no such off-topic input in this dialogue."))
    back = reverse("dialog:forwardings", args=[dialogue.pk])
    form = ForwardingForm(request.POST or None, instance=Forwarding(input_item=item))
    context = {
        "dialogue": dialogue,
        "form": form,
        "item": item,
        "title": _("Forward the input"),
        "back_url": back,
    }
    if request.method != "POST":
        return render(request, "dialog/results/forward.html", context)
    if form.is_valid():
        try:
            services.forward_input(
                dialogue_id=dialogue.pk, user=request.user, input_id=item.pk, data=form.content()
            )
        except services.PermissionRefused as exc:
            return refused(request, exc.reasons)
        except services.ActionRefused as exc:
            form.add_error(None, exc.reasons)
            return render(request, "dialog/results/forward.html", context, status=409)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The forwarding has been recorded."))
            return redirect(back)
    return render(request, "dialog/results/forward.html", context, status=400)


@login_required
def delete_forwarding(request, pk: int, item_pk: int):
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_feedback", dialogue)
    forwarding = Forwarding.objects.filter(input_item__dialogue=dialogue, pk=item_pk).first()
    if forwarding is None:
        raise Http404
    back = reverse("dialog:forwardings", args=[dialogue.pk])
    context = {
        "dialogue": dialogue,
        "item": forwarding,
        "back_url": back,
        "title": _("Remove “%(item)s”?") % {"item": forwarding},
    }
    if request.method != "POST":
        return render(request, "dialog/item_delete.html", context)
    try:
        services.delete_forwarding(dialogue_id=dialogue.pk, user=request.user, item_id=item_pk)
    except services.PermissionRefused as exc:
        return refused(request, exc.reasons)
    except services.ActionRefused as exc:
        context["refusal"] = exc.reasons
        return render(request, "dialog/item_delete.html", context, status=409)
    messages.success(request, _("The forwarding has been removed."))
    return redirect(back)

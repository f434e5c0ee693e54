"""Step 7's own pages: the off-topic inputs and how each was forwarded or handled.

Thin: permissions are `rules`, changes go through `dialog.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.permissions import can, require
from core.views import refusals

from .. import services
from ..forms import (
    ForwardingForm,
)
from ..models import (
    Forwarding,
)
from ..views import _load_viewable
from .content import withdraw_page


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
    return render(request, "dialog/feedback/forwardings.html", context)


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
        return render(request, "dialog/feedback/forward.html", context)
    attempt = refusals(form)
    if form.is_valid():
        with attempt:
            services.forward_input(
                dialogue_id=dialogue.pk, user=request.user, input_id=item.pk, data=form.content()
            )
            messages.success(request, _("The forwarding has been recorded."))
            return redirect(back)
        if attempt.reasons:
            form.add_error(None, attempt.reasons)
    # A post that gets here failed: an empty one leaves the form unbound, still a 400.
    status = attempt.status if attempt.failed else 400
    return render(request, "dialog/feedback/forward.html", context, status=status)


@login_required
def delete_forwarding(request, pk: int, item_pk: int):
    """Undo a forwarding recorded by mistake: withdrawn with a reason, never deleted."""
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_feedback", dialogue)
    forwarding = Forwarding.objects.filter(input_item__dialogue=dialogue, pk=item_pk).first()
    if forwarding is None:
        raise Http404
    return withdraw_page(
        request,
        dialogue,
        forwarding,
        title=_("Withdraw “%(item)s”?") % {"item": forwarding},
        back_url=reverse("dialog:forwardings", args=[dialogue.pk]),
        service=services.delete_forwarding,
        done=_("The forwarding has been withdrawn."),
    )

"""The staff's publishing page: the public page's texts, areas and topics, and the publish and
unpublish actions with who did what and when. Thin, without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.permissions import can, require
from core.views import refusals
from dialog.models import Dialogue

from . import services
from .forms import PublicDetailsForm
from .models import PublicDialogue
from .templatetags.public_tags import public_reverse

PUBLISH = "participation.publish_dialogue"


@login_required
def publishing(request, pk: int):
    dialogue = get_object_or_404(Dialogue.objects.select_related("body"), pk=pk)
    require(request.user, "dialog.view_dialogue", dialogue)
    page = PublicDialogue.objects.filter(dialogue=dialogue).first() or PublicDialogue(
        dialogue=dialogue
    )
    action = request.POST.get("action", "save") if request.method == "POST" else None
    form = PublicDetailsForm(
        request.POST if action == "save" else None, instance=page if page.pk else None
    )
    attempt = refusals(form)
    if action:
        require(request.user, PUBLISH, dialogue)
        if action == "save" and form.is_valid():
            with attempt:
                services.update_details(
                    dialogue_id=dialogue.pk, user=request.user, **form.cleaned_data
                )
                messages.success(request, _("The public page's texts have been saved."))
                return redirect("publishing:page", pk=dialogue.pk)
        elif action in ("publish", "unpublish"):
            with attempt:
                run = services.publish if action == "publish" else services.unpublish
                run(dialogue_id=dialogue.pk, user=request.user)
                messages.success(
                    request,
                    _("The dialogue is now published.")
                    if action == "publish"
                    else _("The dialogue is no longer published."),
                )
                return redirect("publishing:page", pk=dialogue.pk)
        elif action not in ("save", "publish", "unpublish"):
            attempt.refused = [_("Unknown action.")]
    context = {
        "dialogue": dialogue,
        "page": page,
        "form": form,
        "events": page.events.select_related("by") if page.pk else [],
        "may_publish": can(request.user, PUBLISH, dialogue),
        "missing": page.publish_missing() if not page.is_published else [],
        "public_url": public_reverse("detail", dialogue.pk, language="sv"),
        "attempt": attempt,
        "title": _("Public page"),
    }
    return render(request, "participation/publishing.html", context, status=attempt.status)

"""Officials follow a dialogue (e-mails when views given online wait for moderation), at
/publicering/<dialogue id>/folj/.

The dialogue page loads the button from here (htmx, so that page makes no query for it);
without JavaScript its link opens this page, with the same button. Posting redirects back to
the dialogue page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.permissions import require
from core.views import refused
from dialog.models import Dialogue

from . import notifications


@login_required
@require_http_methods(["GET", "POST"])
def follow(request, pk: int):
    dialogue = get_object_or_404(Dialogue.objects.select_related("body"), pk=pk)
    require(request.user, "dialog.view_dialogue", dialogue)
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("follow", "unfollow"):
            return refused(request, [_("Unknown action.")], status=400)
        if action == "follow":
            notifications.follow(dialogue_id=dialogue.pk, user=request.user)
            messages.success(
                request,
                _("You follow the dialogue: you get an e-mail when views wait for moderation."),
            )
        else:
            notifications.unfollow(dialogue_id=dialogue.pk, user=request.user)
            messages.success(request, _("You no longer follow the dialogue."))
        return redirect(dialogue.get_absolute_url())
    context = {
        "dialogue": dialogue,
        "following": notifications.is_following(dialogue, request.user),
        "has_email": bool(request.user.email),
        "is_responsible": request.user.pk == dialogue.responsible_official_id,
        "interval_minutes": settings.FOLLOWER_NOTIFICATION_MINUTES,
    }
    if getattr(request, "htmx", False):
        return render(request, "participation/_follow.html", context)
    return render(request, "participation/follow.html", context)

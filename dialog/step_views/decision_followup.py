"""Step 9's own actions: publishing the feedback to residents, marking the evaluation done.

Thin: permissions are `rules`, changes go through `dialog.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require
from core.views import refusals

from .. import services
from ..views import _load_viewable
from .content import step_refused


def _followup_action(request, pk: int, service, title, done_message):
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_decision_followup", dialogue)
    with refusals() as attempt:
        service(dialogue_id=dialogue.pk, user=request.user)
        messages.success(request, done_message)
        return redirect(f"{dialogue.get_absolute_url()}#followup")
    return step_refused(request, dialogue, title, attempt.reasons)


@login_required
@require_POST
def publish_feedback(request, pk: int):
    return _followup_action(
        request,
        pk,
        services.publish_resident_feedback,
        _("Publish the feedback to residents"),
        _("The feedback to residents has been published."),
    )


@login_required
@require_POST
def evaluation_done(request, pk: int):
    return _followup_action(
        request,
        pk,
        services.mark_evaluation_done,
        _("Mark the evaluation as done"),
        _("The evaluation has been marked as done."),
    )

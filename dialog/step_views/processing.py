"""Step 8's own pages: the proposal's numbered points, added, changed, moved and removed.

Thin: permissions are `rules`, changes go through `dialog.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require
from core.views import refusals

from .. import services
from ..forms import (
    ProposalPointForm,
)
from ..models import (
    ProposalPoint,
)
from ..views import _load_viewable
from .content import step_refused, withdraw_page


def _point(dialogue, item_pk: int) -> ProposalPoint:
    point = ProposalPoint.objects.filter(proposal__dialogue=dialogue, pk=item_pk).first()
    if point is None:
        raise Http404(_("There is no such point in this proposal."))
    return point


def _proposal_url(dialogue) -> str:
    return f"{dialogue.get_absolute_url()}#processing"


@login_required
def point_form(request, pk: int, item_pk: int | None = None):
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_processing", dialogue)
    point = _point(dialogue, item_pk) if item_pk is not None else None
    form = ProposalPointForm(request.POST or None, instance=point)
    context = {
        "dialogue": dialogue,
        "form": form,
        "title": _("Edit point %(number)s") % {"number": point.number}
        if point
        else _("Add a point to the proposal"),
        "back_url": _proposal_url(dialogue),
    }
    if request.method != "POST":
        return render(request, "dialog/item_form.html", context)
    attempt = refusals(form)
    if form.is_valid():
        with attempt:
            services.save_proposal_point(
                dialogue_id=dialogue.pk, user=request.user, item_id=item_pk, **form.service_kwargs()
            )
            messages.success(request, _("Your changes have been saved."))
            return redirect(_proposal_url(dialogue))
        current = ProposalPoint.objects.filter(pk=item_pk).first() if item_pk else None
        if attempt.conflict and current is not None:
            # Keep what was typed, on the version saved now: saving again on purpose wins.
            data = request.POST.copy()
            data["expected_updated_at"] = current.updated_at.isoformat()
            context["form"] = form = ProposalPointForm(data, instance=current)
        if attempt.reasons:
            form.add_error(None, attempt.reasons)
    # A post that gets here failed: an empty one leaves the form unbound, still a 400.
    status = attempt.status if attempt.failed else 400
    return render(request, "dialog/item_form.html", context, status=status)


@login_required
def point_delete(request, pk: int, item_pk: int):
    """Withdraw a point of the proposal (with a reason, never deleted); the others are
    renumbered."""
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_processing", dialogue)
    point = _point(dialogue, item_pk)
    return withdraw_page(
        request,
        dialogue,
        point,
        title=_("Withdraw point %(number)s?") % {"number": point.number},
        back_url=_proposal_url(dialogue),
        service=services.delete_proposal_point,
        done=_("The point has been withdrawn; the others are renumbered."),
    )


@login_required
@require_POST
def point_move(request, pk: int, item_pk: int):
    """Move a point up or down (the buttons post its new place)."""
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_processing", dialogue)
    point = _point(dialogue, item_pk)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        damaged = [_("The form is damaged; reload the page.")]
        return step_refused(request, dialogue, _("Move the point"), damaged, 400)
    with refusals() as attempt:
        services.move_proposal_point(
            dialogue_id=dialogue.pk, user=request.user, item_id=point.pk, position=position
        )
        return redirect(_proposal_url(dialogue))
    return step_refused(request, dialogue, _("Move the point"), attempt.reasons)

"""Step 8's own pages: the proposal's numbered points, added, changed, moved and removed.

Thin: permissions are `rules`, changes go through `dialog.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require
from core.views import add_errors as _add_errors
from core.views import refused

from .. import services
from ..forms import (
    ProposalPointForm,
)
from ..models import (
    ProposalPoint,
)
from ..views import _load_viewable
from .content import step_refused

# -- Step 8: the proposal's numbered points -----------------------------------------------------


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
    if form.is_valid():
        try:
            services.save_proposal_point(
                dialogue_id=dialogue.pk, user=request.user, item_id=item_pk, **form.service_kwargs()
            )
        except services.PermissionRefused as exc:
            return refused(request, exc.reasons)
        except services.ActionRefused as exc:
            current = ProposalPoint.objects.filter(pk=item_pk).first() if item_pk else None
            if isinstance(exc, services.Conflict) and current is not None:
                # Keep what was typed, on the version saved now: saving again on purpose wins.
                data = request.POST.copy()
                data["expected_updated_at"] = current.updated_at.isoformat()
                context["form"] = form = ProposalPointForm(data, instance=current)
            form.add_error(None, exc.reasons)
            return render(request, "dialog/item_form.html", context, status=409)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(_proposal_url(dialogue))
    return render(request, "dialog/item_form.html", context, status=400)


@login_required
def point_delete(request, pk: int, item_pk: int):
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_processing", dialogue)
    point = _point(dialogue, item_pk)
    context = {
        "dialogue": dialogue,
        "item": point,
        "back_url": _proposal_url(dialogue),
        "title": _("Remove point %(number)s?") % {"number": point.number},
    }
    if request.method != "POST":
        return render(request, "dialog/item_delete.html", context)
    try:
        services.delete_proposal_point(dialogue_id=dialogue.pk, user=request.user, item_id=point.pk)
    except services.PermissionRefused as exc:
        return refused(request, exc.reasons)
    except services.ActionRefused as exc:
        context["refusal"] = exc.reasons
        return render(request, "dialog/item_delete.html", context, status=409)
    messages.success(request, _("The point has been removed; the others are renumbered."))
    return redirect(_proposal_url(dialogue))


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
    try:
        services.move_proposal_point(
            dialogue_id=dialogue.pk, user=request.user, item_id=point.pk, position=position
        )
    except services.PermissionRefused as exc:
        return refused(request, exc.reasons)
    except services.ActionRefused as exc:
        return step_refused(request, dialogue, _("Move the point"), exc.reasons)
    return redirect(_proposal_url(dialogue))

"""Issue 16 on the dialogue page: linking the municipality's goals, and answering the policy
profile's checklists (one page per checklist). Thin: forms validate, the services in
`dialog.services.goals_checklists` lock, check and change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.permissions import require
from core.views import refusals

from .checklists import dialogue_checklists
from .forms.checklists import ChecklistForm
from .forms.goals import DialogueGoalsForm
from .models import Dialogue
from .services.goals_checklists import answer_checklist, checklist_permission, set_dialogue_goals


def _viewable(request, pk: int) -> Dialogue:
    try:
        dialogue = (
            Dialogue.objects.select_related("body", "policy_profile")
            .prefetch_related("assignments")
            .get(pk=pk)
        )
    except Dialogue.DoesNotExist as exc:
        raise Http404(_("There is no such dialogue.")) from exc
    require(request.user, "dialog.view_dialogue", dialogue)
    return dialogue


@login_required
@require_POST
def link_goals(request, pk: int):
    """Link the goals of the municipality's steering model that the dialogue serves."""
    dialogue = _viewable(request, pk)
    require(request.user, "dialog.link_goals", dialogue)
    form = DialogueGoalsForm(request.POST, dialogue=dialogue)
    if form.is_valid():
        try:
            set_dialogue_goals(
                dialogue_id=dialogue.pk, user=request.user, goals=form.cleaned_data["goals"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The linked goals have been saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(f"{dialogue.get_absolute_url()}#goals")


@login_required
@require_http_methods(["GET", "POST"])
def answer_checklist_view(request, pk: int, checklist_pk: int):
    dialogue = _viewable(request, pk)
    row = next((r for r in dialogue_checklists(dialogue) if r.checklist.pk == checklist_pk), None)
    if row is None:
        raise Http404(_("The dialogue's policy has no such checklist."))
    require(request.user, checklist_permission(row.checklist), dialogue)
    form = ChecklistForm(request.POST or None, row=row)
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            answer_checklist(
                dialogue_id=dialogue.pk,
                checklist_id=row.checklist.pk,
                user=request.user,
                answers=form.answers(),
            )
            messages.success(request, _("The checklist has been saved."))
            return redirect(f"{dialogue.get_absolute_url()}#checklist-{row.checklist.pk}")
        if attempt.conflict or attempt.missing or attempt.refused:
            form.add_error(None, attempt.conflict + attempt.missing + attempt.refused)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "dialog/checklist_form.html",
        {"dialogue": dialogue, "form": form, "checklist": row.checklist, "title": row.checklist},
        status=status,
    )

"""Pages of steps 6-9: the compilation (themes, tagging, summary), the feedback to the
politicians (presentation, forwarding of off-topic input), the proposal for decision (numbered
points, consequences) and the follow-up of the decision (action plan, feedback to residents,
evaluation). Thin: permissions are `rules`, changes go through `dialog.services`.

The one-record forms join `views.STEP_FORMS` and the list items `step_views.ITEM_KINDS`, so they
get the same pages, conflict handling and URLs as the earlier steps (dialog/urls.py imports this
module before it builds its routes from the two registries).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import (
    ActionItem,
    CompilationSummary,
    Evaluation,
    Forwarding,
    Proposal,
    ProposalPoint,
    ResidentFeedback,
    ResultsPresentation,
    Theme,
)
from .result_forms import (
    ActionItemForm,
    CompilationSummaryForm,
    EvaluationForm,
    ForwardingForm,
    PresentationForm,
    ProposalForm,
    ProposalPointForm,
    ResidentFeedbackForm,
    ThemeForm,
    parse_tags,
)
from .step_views import ITEM_KINDS, ItemKind
from .views import STEP_FORMS, StepForm, _add_errors, _load_viewable, can, refused, require

ITEM_KINDS.update(
    {
        "theme": ItemKind(
            slug="teman",
            model=Theme,
            form_class=ThemeForm,
            save=services.save_theme,
            delete=services.delete_theme,
            permission="dialog.edit_compilation",
            add_title=gettext_lazy("Add a theme"),
            edit_title=gettext_lazy("Edit the theme"),
            anchor="compilation",
        ),
        "action_item": ItemKind(
            slug="atgardsplan",
            model=ActionItem,
            form_class=ActionItemForm,
            save=services.save_action_item,
            delete=services.delete_action_item,
            permission="dialog.edit_decision_followup",
            add_title=gettext_lazy("Add an action"),
            edit_title=gettext_lazy("Edit the action"),
            anchor="followup",
        ),
    }
)


def _record_of(model):
    def instance(dialogue):
        return model.objects.filter(dialogue=dialogue).first() or model(dialogue=dialogue)

    return instance


STEP_FORMS.update(
    {
        "compilation": StepForm(
            slug="sammanstallning",
            title=gettext_lazy("Write the summary of the results"),
            form_class=CompilationSummaryForm,
            service=services.update_compilation_summary,
            permission="dialog.edit_compilation",
            instance=_record_of(CompilationSummary),
        ),
        "presentation": StepForm(
            slug="presentation",
            title=gettext_lazy("Record the presentation to the politicians"),
            form_class=PresentationForm,
            service=services.update_presentation,
            permission="dialog.edit_feedback",
            instance=_record_of(ResultsPresentation),
        ),
        "proposal": StepForm(
            slug="forslag",
            title=gettext_lazy("Edit the proposal's consequences"),
            form_class=ProposalForm,
            service=services.update_proposal,
            permission="dialog.edit_processing",
            instance=_record_of(Proposal),
        ),
        "resident_feedback": StepForm(
            slug="aterkoppling",
            title=gettext_lazy("Write the feedback to residents"),
            form_class=ResidentFeedbackForm,
            service=services.update_resident_feedback,
            permission="dialog.edit_decision_followup",
            instance=_record_of(ResidentFeedback),
        ),
        "evaluation": StepForm(
            slug="utvardering",
            title=gettext_lazy("Evaluate the dialogue"),
            form_class=EvaluationForm,
            service=services.update_evaluation,
            permission="dialog.edit_decision_followup",
            instance=_record_of(Evaluation),
        ),
    }
)


def _step_refused(request, dialogue, title, reasons, status=409):
    """A step action refused for what is missing: the page lists it."""
    context = {"dialogue": dialogue, "title": title, "reasons": list(reasons)}
    return render(request, "dialog/results/refused.html", context, status=status)


# -- Step 6: tagging the inputs to themes ------------------------------------------------------


def _tagging_rows(dialogue, only_untagged: bool):
    rows = (
        dialogue.inputs.filter(within_purpose=True)
        .prefetch_related("themes")
        .order_by("received_on", "pk")
    )
    if only_untagged:
        rows = rows.filter(themes__isnull=True)
    return rows


def _row_context(item, themes) -> dict:
    ticked = {t.pk for t in item.themes.all()}
    return {"item": item, "cells": [(theme, theme.pk in ticked) for theme in themes]}


@login_required
def tag_inputs(request, pk: int):
    """Every input within the purpose with a checkbox per theme; saving saves the page's rows.
    With htmx each row is also saved on its own as soon as a box is ticked."""
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_compilation", dialogue)
    themes = list(dialogue.themes.all())
    status = 200
    if request.method == "POST":
        try:
            changed = services.tag_inputs(
                dialogue_id=dialogue.pk, user=request.user, tags=parse_tags(request.POST)
            )
        except services.PermissionRefused as exc:
            return refused(request, exc.reasons)
        except services.ActionRefused as exc:
            for reason in exc.reasons:
                messages.error(request, reason)
            status = 409
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            status = 400
        else:
            messages.success(
                request,
                ngettext(
                    "The themes of %(count)s input have been saved.",
                    "The themes of %(count)s inputs have been saved.",
                    changed,
                )
                % {"count": changed},
            )
            query = request.GET.urlencode()
            return redirect(f"{request.path}?{query}" if query else request.path)
    only_untagged = request.GET.get("untagged") == "1"
    page = Paginator(
        _tagging_rows(dialogue, only_untagged), getattr(settings, "INPUTS_PER_PAGE", 50)
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "dialogue": dialogue,
        "title": _("Tag the inputs to themes"),
        "themes": themes,
        "rows": [_row_context(item, themes) for item in page.object_list],
        "page": page,
        "query": query.urlencode(),
        "only_untagged": only_untagged,
        "counts": selectors.compilation_counts(dialogue),
    }
    return render(request, "dialog/results/tagging.html", context, status=status)


@login_required
@require_POST
def tag_input_row(request, pk: int, input_pk: int):
    """Save one input's themes (the htmx request from its row); answers with the row."""
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_compilation", dialogue)
    back = reverse("dialog:tag_inputs", args=[dialogue.pk])
    error = ""
    try:
        wanted = [int(v) for v in request.POST.getlist(f"themes_{input_pk}")]
        services.tag_inputs(dialogue_id=dialogue.pk, user=request.user, tags={input_pk: wanted})
    except ValueError:
        error, status = _("The form is damaged; reload the page."), 400
    except services.PermissionRefused as exc:
        return refused(request, exc.reasons)
    except services.ActionRefused as exc:
        error, status = " ".join(exc.reasons), 409
    except ValidationError as exc:
        error, status = " ".join(exc.messages), 400
    else:
        status = 200
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Your changes have been saved."))
        return redirect(back)
    item = (
        dialogue.inputs.filter(pk=input_pk, within_purpose=True).prefetch_related("themes").first()
    )
    if item is None:
        raise Http404
    context = {
        "dialogue": dialogue,
        "row": _row_context(item, list(dialogue.themes.all())),
        "error": error,
        "saved": not error,
    }
    return render(request, "dialog/results/_tag_row.html", context, status=status)


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
        return _step_refused(request, dialogue, _("Move the point"), damaged, 400)
    try:
        services.move_proposal_point(
            dialogue_id=dialogue.pk, user=request.user, item_id=point.pk, position=position
        )
    except services.PermissionRefused as exc:
        return refused(request, exc.reasons)
    except services.ActionRefused as exc:
        return _step_refused(request, dialogue, _("Move the point"), exc.reasons)
    return redirect(_proposal_url(dialogue))


# -- Step 9: publishing the feedback, finishing the evaluation -----------------------------------


def _followup_action(request, pk: int, service, title, done_message):
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_decision_followup", dialogue)
    try:
        service(dialogue_id=dialogue.pk, user=request.user)
    except services.PermissionRefused as exc:
        return refused(request, exc.reasons)
    except services.ActionRefused as exc:
        return _step_refused(request, dialogue, title, exc.reasons)
    messages.success(request, done_message)
    return redirect(f"{dialogue.get_absolute_url()}#followup")


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


# The URLs of this module (the registries' entries get theirs in dialog/urls.py).
def urlpatterns():
    from django.urls import path

    base = "dialoger/<int:pk>"
    return [
        path(f"{base}/tematisering/", tag_inputs, name="tag_inputs"),
        path(f"{base}/tematisering/<int:input_pk>/", tag_input_row, name="tag_input_row"),
        path(f"{base}/utanfor-syftet/", forwardings, name="forwardings"),
        path(
            f"{base}/utanfor-syftet/<int:input_pk>/vidarebefordra/",
            forward_input,
            name="forward_input",
        ),
        path(
            f"{base}/vidarebefordringar/<int:item_pk>/ta-bort/",
            delete_forwarding,
            name="delete_forwarding",
        ),
        path(f"{base}/forslagspunkter/ny/", point_form, name="add_point"),
        path(f"{base}/forslagspunkter/<int:item_pk>/", point_form, name="edit_point"),
        path(f"{base}/forslagspunkter/<int:item_pk>/ta-bort/", point_delete, name="delete_point"),
        path(f"{base}/forslagspunkter/<int:item_pk>/flytta/", point_move, name="move_point"),
        path(f"{base}/aterkoppling/publicera/", publish_feedback, name="publish_feedback"),
        path(f"{base}/utvardering/klar/", evaluation_done, name="evaluation_done"),
    ]

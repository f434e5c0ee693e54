"""Step 6's own pages: tagging the inputs to themes (a page of rows, or one row at a time
with htmx).

Thin: permissions are `rules`, changes go through `dialog.services`.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.permissions import require
from core.views import refused

from .. import selectors, services
from ..forms import (
    parse_tags,
)
from ..views import _load_viewable

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
    return render(request, "dialog/compilation/tagging.html", context, status=status)


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
    return render(request, "dialog/compilation/_tag_row.html", context, status=status)

"""Step 5's own pages: the input register, and the survey import (upload, preview, confirm).

Thin: permissions are `rules`, changes go through `dialog.services`.
"""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.permissions import can, require
from core.views import refused

from .. import importers, services
from ..filters import InputFilter
from ..forms import (
    ImportUploadForm,
)
from ..models import AgeBand, Gender, InputItem
from ..views import _load_viewable

# -- The input register ----------------------------------------------------------------


@login_required
def input_register(request, pk: int):
    dialogue = _load_viewable(request, pk)
    queryset = (
        dialogue.inputs.select_related("activity", "import_batch")
        .prefetch_related("themes")
        .order_by("-received_on", "-pk")
    )
    filters = InputFilter(request.GET or None, queryset=queryset, dialogue=dialogue)
    rows = filters.qs
    page = Paginator(rows, getattr(settings, "INPUTS_PER_PAGE", 50)).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    counts = dialogue.inputs.aggregate(total=Count("pk"))
    context = {
        "dialogue": dialogue,
        "title": _("Input register"),
        "filters": filters.form,
        "page": page,
        "query": query.urlencode(),
        "total": counts["total"],
        "shown": page.paginator.count,
        "can_edit": can(request.user, "dialog.edit_execution", dialogue),
        "batches": list(dialogue.import_batches.select_related("imported_by")),
    }
    return render(request, "dialog/inputs.html", context)


# -- The survey import: upload, preview, confirm -----------------------------------------

_SESSION_KEY = "dialog-import-{pk}"


PREVIEW_ROWS = 20


_LABELS = {
    "age_band": dict(AgeBand.choices),
    "gender": dict(Gender.choices),
    "source": dict(InputItem.Source.choices),
}


def _display_row(values: dict) -> dict:
    shown = dict(values)
    for name, labels in _LABELS.items():
        shown[name] = labels.get(values[name], values[name])
    return shown


@login_required
def import_inputs(request, pk: int):
    """Upload shows a preview with each bad row; confirming imports every row or none.

    Between the two the file waits in storage (`importers.store_upload`), with the rows the
    preview checked beside it, and the session holds only its token, which the confirmation
    must carry, so an old preview cannot be confirmed after a new upload. The preview reads
    the file once: it keeps the first rows, counts, and writes the checked rows; the
    confirmation only inserts those.
    """
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_execution", dialogue)
    key = _SESSION_KEY.format(pk=dialogue.pk)
    context = {"dialogue": dialogue, "title": _("Import survey results")}
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm_import(request, dialogue, key, context)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method != "POST":
        return render(request, "dialog/import.html", context)
    if not form.is_valid():
        return render(request, "dialog/import.html", context, status=400)
    upload = form.cleaned_data["file"]
    with tempfile.TemporaryFile() as checked:
        try:
            kind = importers.check_upload(upload)
            upload.seek(0)
            preview = services.preview_import(
                dialogue_id=dialogue.pk,
                user=request.user,
                raw_rows=importers.iter_input_file(upload, kind=kind),
                keep=PREVIEW_ROWS,
                into=checked,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
            return render(request, "dialog/import.html", context, status=400)
        except services.PermissionRefused as exc:
            return refused(request, exc.reasons)
        _forget(request, dialogue, key)
        context.update(preview=preview, file_name=upload.name)
        if preview.error_count:
            return render(request, "dialog/import.html", context, status=400)
        token = importers.store_upload(
            upload, user_id=request.user.pk, dialogue_id=dialogue.pk, checked=checked
        )
    request.session[key] = {"token": token, "file_name": upload.name}
    context.update(preview_rows=[_display_row(values) for values in preview.rows], token=token)
    return render(request, "dialog/import.html", context)


def _forget(request, dialogue, key) -> None:
    """Drop the waiting file of an earlier preview, if any."""
    stored = request.session.pop(key, None)
    if stored:
        importers.delete_stored(
            user_id=request.user.pk, dialogue_id=dialogue.pk, token=stored["token"]
        )


def _confirm_import(request, dialogue, key, context):
    stored = request.session.get(key)
    token = request.POST.get("token", "")
    ids = {"user_id": request.user.pk, "dialogue_id": dialogue.pk, "token": token}
    try:
        if not stored or stored.get("token") != token:
            raise FileNotFoundError(token)
        try:
            file, source = importers.open_checked(**ids), "checked"
        except FileNotFoundError:
            # Kept before the preview kept its checked rows: the upload is read and checked.
            file, source = importers.open_stored(**ids), "raw_rows"
    except FileNotFoundError:
        # Another user's or dialogue's token, an old preview, or a file cleared as stale.
        context["form"] = ImportUploadForm()
        context["stale"] = True
        return render(request, "dialog/import.html", context, status=409)
    try:
        with file:
            rows = file
            if source == "raw_rows":
                kind = importers.file_kind(stored["file_name"])
                rows = importers.iter_input_file(file, kind=kind)
            batch = services.import_inputs(
                dialogue_id=dialogue.pk,
                user=request.user,
                file_name=stored["file_name"],
                **{source: rows},
            )
    except services.PermissionRefused as exc:
        return refused(request, exc.reasons)
    except ValidationError as exc:
        _forget(request, dialogue, key)
        context["form"] = ImportUploadForm()
        context["preview"] = importers.CleanedRows(
            errors=exc.messages, error_count=len(exc.messages)
        )
        return render(request, "dialog/import.html", context, status=400)
    _forget(request, dialogue, key)
    messages.success(
        request,
        ngettext(
            "%(count)s input has been imported from %(file)s.",
            "%(count)s inputs have been imported from %(file)s.",
            batch.row_count,
        )
        % {"count": batch.row_count, "file": batch.file_name},
    )
    return redirect("dialog:inputs", pk=dialogue.pk)

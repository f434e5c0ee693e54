"""Pages for the list-type content of the steps (activities, the communication plan, planned
decision points, inputs) and the survey import. Thin: permissions are `rules`, changes go
through `dialog.services`.

Adding a list-type content is one entry in ITEM_KINDS: its form, its save and delete services
and the permission the page tests (the service checks it again).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import importers, services
from .forms import (
    ActivityForm,
    CommunicationItemForm,
    ImportUploadForm,
    InputFilterForm,
    InputItemForm,
    PlannedDecisionPointForm,
)
from .models import Activity, AgeBand, CommunicationItem, Gender, InputItem, PlannedDecisionPoint
from .views import _add_errors, _load_viewable, can, refused, require


@dataclass(frozen=True)
class ItemKind:
    slug: str  # the URL segment, e.g. "aktiviteter"
    model: type
    form_class: type
    save: Callable
    delete: Callable
    permission: str
    add_title: str
    edit_title: str
    anchor: str  # where on the dialogue page the list is shown

    def back_url(self, dialogue) -> str:
        if self.model is InputItem:
            return reverse("dialog:inputs", args=[dialogue.pk])
        return f"{dialogue.get_absolute_url()}#{self.anchor}"


ITEM_KINDS: dict[str, ItemKind] = {
    "activity": ItemKind(
        slug="aktiviteter",
        model=Activity,
        form_class=ActivityForm,
        save=services.save_activity,
        delete=services.delete_activity,
        permission="dialog.edit_activities",
        add_title=gettext_lazy("Add an activity"),
        edit_title=gettext_lazy("Edit the activity"),
        anchor="planning",
    ),
    "communication": ItemKind(
        slug="kommunikation",
        model=CommunicationItem,
        form_class=CommunicationItemForm,
        save=services.save_communication_item,
        delete=services.delete_communication_item,
        permission="dialog.edit_planning",
        add_title=gettext_lazy("Add to the communication plan"),
        edit_title=gettext_lazy("Edit the communication plan item"),
        anchor="planning",
    ),
    "decision_point": ItemKind(
        slug="beslutspunkter",
        model=PlannedDecisionPoint,
        form_class=PlannedDecisionPointForm,
        save=services.save_planned_decision_point,
        delete=services.delete_planned_decision_point,
        permission="dialog.edit_planning",
        add_title=gettext_lazy("Plan a decision point"),
        edit_title=gettext_lazy("Edit the planned decision point"),
        anchor="planning",
    ),
    "input": ItemKind(
        slug="synpunkter",
        model=InputItem,
        form_class=InputItemForm,
        save=services.save_input,
        delete=services.delete_input,
        permission="dialog.edit_execution",
        add_title=gettext_lazy("Register an input"),
        edit_title=gettext_lazy("Edit the input"),
        anchor="execution",
    ),
}


def _kind(kind: str) -> ItemKind:
    spec = ITEM_KINDS.get(kind)
    if spec is None:
        raise Http404
    return spec


def _item(spec: ItemKind, dialogue, item_pk: int):
    item = spec.model.objects.filter(dialogue=dialogue, pk=item_pk).first()
    if item is None:
        raise Http404(_("There is no such item in this dialogue."))
    return item


def _saved_message(request, spec: ItemKind, item) -> None:
    messages.success(request, _("Your changes have been saved."))
    warning = getattr(item, "method_warning", "")
    if warning:
        messages.warning(request, warning)


def _form_on_current_version(spec: ItemKind, dialogue, item_pk, form):
    """After a conflict: what the user typed, on the item as it is saved now, so that saving
    again on purpose wins. An item removed meanwhile keeps the form as it was."""
    current = spec.model.objects.filter(dialogue=dialogue, pk=item_pk).first() if item_pk else None
    if current is None:
        return form
    data = form.data.copy()
    data["expected_updated_at"] = current.updated_at.isoformat()
    return spec.form_class(data, instance=current, dialogue=dialogue)


@login_required
def item_form(request, pk: int, kind: str, item_pk: int | None = None):
    spec = _kind(kind)
    dialogue = _load_viewable(request, pk)
    require(request.user, spec.permission, dialogue)
    instance = (
        _item(spec, dialogue, item_pk) if item_pk is not None else spec.model(dialogue=dialogue)
    )
    form = spec.form_class(request.POST or None, instance=instance, dialogue=dialogue)
    context = {
        "dialogue": dialogue,
        "form": form,
        "title": spec.edit_title if item_pk else spec.add_title,
        "back_url": spec.back_url(dialogue),
        "warning": getattr(instance, "method_warning", "") if item_pk else "",
    }
    if request.method != "POST":
        return render(request, "dialog/item_form.html", context)
    if form.is_valid():
        try:
            item = spec.save(
                dialogue_id=dialogue.pk,
                user=request.user,
                item_id=item_pk,
                expected_updated_at=form.cleaned_data["expected_updated_at"],
                **form.service_kwargs(),
            )
        except services.PermissionRefused as exc:
            return refused(request, exc.reasons)
        except services.Conflict as exc:
            context["form"] = _form_on_current_version(spec, dialogue, item_pk, form)
            context["form"].add_error(None, exc.reasons)
            return render(request, "dialog/item_form.html", context, status=409)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            _saved_message(request, spec, item)
            return redirect(spec.back_url(dialogue))
    return render(request, "dialog/item_form.html", context, status=400)


@login_required
def item_delete(request, pk: int, kind: str, item_pk: int):
    spec = _kind(kind)
    dialogue = _load_viewable(request, pk)
    require(request.user, spec.permission, dialogue)
    item = _item(spec, dialogue, item_pk)
    context = {"dialogue": dialogue, "item": item, "back_url": spec.back_url(dialogue)}
    context["title"] = _("Remove “%(item)s”?") % {"item": item}
    if request.method != "POST":
        return render(request, "dialog/item_delete.html", context)
    try:
        spec.delete(dialogue_id=dialogue.pk, user=request.user, item_id=item.pk)
    except services.PermissionRefused as exc:
        return refused(request, exc.reasons)
    except services.ActionRefused as exc:
        context["refusal"] = exc.reasons
        return render(request, "dialog/item_delete.html", context, status=409)
    messages.success(request, _("“%(item)s” has been removed.") % {"item": item})
    return redirect(spec.back_url(dialogue))


# -- The input register ----------------------------------------------------------------


@login_required
def input_register(request, pk: int):
    dialogue = _load_viewable(request, pk)
    queryset = (
        dialogue.inputs.select_related("activity", "import_batch")
        .prefetch_related("themes")
        .order_by("-received_on", "-pk")
    )
    filters = InputFilterForm(request.GET or None, dialogue=dialogue)
    rows = filters.filter(queryset)
    page = Paginator(rows, getattr(settings, "INPUTS_PER_PAGE", 50)).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    counts = dialogue.inputs.aggregate(total=Count("pk"))
    context = {
        "dialogue": dialogue,
        "title": _("Input register"),
        "filters": filters,
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

    Between the two the rows wait in the session (not in hidden fields), under a token the
    confirmation must carry, so an old preview cannot be confirmed after a new upload.
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
    try:
        raw_rows = importers.read_input_file(upload)
    except ValidationError as exc:
        form.add_error("file", exc)
        return render(request, "dialog/import.html", context, status=400)
    try:
        preview = services.preview_import(
            dialogue_id=dialogue.pk, user=request.user, raw_rows=raw_rows
        )
    except services.PermissionRefused as exc:
        return refused(request, exc.reasons)
    token = uuid.uuid4().hex
    request.session[key] = {
        "token": token,
        "file_name": upload.name,
        "rows": importers.to_session(raw_rows),
    }
    context.update(
        preview=preview,
        preview_rows=[_display_row(values) for values in preview.rows[:PREVIEW_ROWS]],
        token=token,
        file_name=upload.name,
        row_count=len(raw_rows),
    )
    return render(request, "dialog/import.html", context, status=400 if preview.errors else 200)


def _confirm_import(request, dialogue, key, context):
    stored = request.session.get(key)
    if not stored or stored.get("token") != request.POST.get("token"):
        context["form"] = ImportUploadForm()
        context["stale"] = True
        return render(request, "dialog/import.html", context, status=409)
    raw_rows = importers.from_session(stored["rows"])
    try:
        batch = services.import_inputs(
            dialogue_id=dialogue.pk,
            user=request.user,
            file_name=stored["file_name"],
            raw_rows=raw_rows,
        )
    except services.PermissionRefused as exc:
        return refused(request, exc.reasons)
    except ValidationError as exc:
        context["form"] = ImportUploadForm()
        context["preview"] = importers.CleanedRows(errors=exc.messages)
        return render(request, "dialog/import.html", context, status=400)
    del request.session[key]
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

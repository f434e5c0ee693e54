"""The generic pages of the steps' content, built from `dialog.steps`: a step's one-record forms
(the initiative, the mandate, the summary, ...) and its list items (activities, themes, ...),
added, changed and removed. Thin: permissions are `rules`, changes go through the service the
step names, refusals are answered by `core.views.refusals`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.permissions import require
from core.views import refusals

from .. import steps
from ..forms.withdrawal import WithdrawForm
from ..views import _load, _load_viewable

# Read once from the registry; nothing is added to them later.
RECORD_FORMS = steps.record_forms()
ITEM_KINDS = steps.item_kinds()


def step_refused(request, dialogue, title, reasons, status=409):
    """A step action refused for what is missing: the page lists it."""
    context = {"dialogue": dialogue, "title": title, "reasons": list(reasons)}
    return render(request, "dialog/step_refused.html", context, status=status)


def _display(instance, name: str) -> str:
    value = getattr(instance, f"get_{name}_display", None)
    if callable(value):
        return str(value())
    return str(getattr(instance, name) or "")


@login_required
def edit_record(request, pk: int, record: str):
    """A step's one-record form: `edit_initiative`, `edit_mandate`, `edit_compilation`, ..."""
    spec = RECORD_FORMS[record]
    dialogue = _load_viewable(request, pk)
    require(request.user, spec.permission, dialogue)
    form = spec.form_class(request.POST or None, instance=spec.instance(dialogue))
    context = {"dialogue": dialogue, "form": form, "title": spec.title, "saved": None}
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            spec.update_service()(
                dialogue_id=dialogue.pk,
                user=request.user,
                data=form.content(),
                expected_updated_at=form.cleaned_data["expected_updated_at"],
            )
            messages.success(request, _("Your changes have been saved."))
            return redirect(dialogue)
        if attempt.conflict:
            # Keep what the user typed; show what is saved now; let the next save win.
            fresh = spec.instance(_load(pk))
            data = request.POST.copy()
            data["expected_updated_at"] = (
                fresh.updated_at.isoformat() if getattr(fresh, "updated_at", None) else ""
            )
            form = spec.form_class(data, instance=fresh)
            context.update(
                form=form,
                conflict=attempt.conflict,
                saved=[
                    (form[name].label, _display(fresh, name))
                    for name in form.changed_data
                    if name in form._meta.fields
                ],
            )
        elif attempt.reasons:
            form.add_error(None, attempt.reasons)
    # A post that gets here failed: an empty one leaves the form unbound, still a 400.
    status = attempt.status if attempt.failed or request.method != "POST" else 400
    return render(request, spec.template, context, status=status)


def _item(spec, dialogue, item_pk: int):
    item = spec.model.objects.filter(dialogue=dialogue, pk=item_pk).first()
    if item is None:
        raise Http404(_("There is no such item in this dialogue."))
    return item


def _saved_message(request, item) -> None:
    messages.success(request, _("Your changes have been saved."))
    warning = getattr(item, "method_warning", "")
    if warning:
        messages.warning(request, warning)


def _form_on_current_version(spec, dialogue, item_pk, form):
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
    """Add (`add_<kind>`) or change (`edit_<kind>`) one item of a step's list."""
    spec = ITEM_KINDS[kind]
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
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            item = spec.save_service()(
                dialogue_id=dialogue.pk,
                user=request.user,
                item_id=item_pk,
                expected_updated_at=form.cleaned_data["expected_updated_at"],
                **form.service_kwargs(),
            )
            _saved_message(request, item)
            return redirect(spec.back_url(dialogue))
        if attempt.conflict:
            context["form"] = _form_on_current_version(spec, dialogue, item_pk, form)
        if attempt.reasons:
            context["form"].add_error(None, attempt.reasons)
    # A post that gets here failed: an empty one leaves the form unbound, still a 400.
    status = attempt.status if attempt.failed or request.method != "POST" else 400
    return render(request, "dialog/item_form.html", context, status=status)


@login_required
def item_delete(request, pk: int, kind: str, item_pk: int):
    """ "Remove" one item of a step's list (`delete_<kind>`): withdrawn with a reason, never
    deleted (issue 15), after a confirmation page that asks why."""
    spec = ITEM_KINDS[kind]
    dialogue = _load_viewable(request, pk)
    require(request.user, spec.permission, dialogue)
    item = _item(spec, dialogue, item_pk)
    return withdraw_page(
        request,
        dialogue,
        item,
        title=_("Withdraw “%(item)s”?") % {"item": item},
        back_url=spec.back_url(dialogue),
        service=spec.delete_service(),
        done=_("“%(item)s” has been withdrawn.") % {"item": item},
    )


def withdraw_page(request, dialogue, item, *, title, back_url, service, done):
    """The confirmation page of a withdrawal and its post: the reason is required (400 with the
    field's error without it); whatever stands in the way is a conflict (409)."""
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    context = {
        "dialogue": dialogue,
        "item": item,
        "back_url": back_url,
        "title": title,
        "form": form,
    }
    if request.method != "POST":
        return render(request, "dialog/item_delete.html", context)
    if not form.is_valid():
        return render(request, "dialog/item_delete.html", context, status=400)
    with refusals(form) as attempt:
        service(
            dialogue_id=dialogue.pk,
            user=request.user,
            item_id=item.pk,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, done)
        return redirect(back_url)
    # Whatever stands in the way (it is forwarded, it is gone already) is a conflict (409);
    # a reason the service refuses goes onto the form (400).
    context["refusal"] = attempt.reasons
    return render(request, "dialog/item_delete.html", context, status=attempt.status)

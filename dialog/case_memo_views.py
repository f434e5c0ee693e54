"""The tjänsteskrivelse of each decision point: its form, one page per point.

Thin: the permission is `dialog.edit_case_memo` (dialog.rules), the change goes through
`dialog.services.case_memo.update_case_memo`, which also refuses a memo already submitted.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import require
from core.views import refusals

from .forms.case_memo import CaseMemoForm
from .models import CaseMemo, DecisionPoint
from .models.case_memo import memo_editable
from .services.case_memo import update_case_memo
from .views import _load, _load_viewable

TITLES = {
    DecisionPoint.MANDATE: gettext_lazy("Decision memo for the mandate"),
    DecisionPoint.LAUNCH: gettext_lazy("Decision memo for the launch"),
    DecisionPoint.FINAL: gettext_lazy("Decision memo for the final decision"),
}


def _memo_of(dialogue, point: str) -> CaseMemo:
    return CaseMemo.objects.filter(dialogue=dialogue, point=point).first() or CaseMemo(
        dialogue=dialogue, point=point
    )


def _frozen_refusal(request, dialogue, point, title):
    reason = _(
        "The decision memo for the %(point)s has been submitted and is frozen. It can be "
        "changed again only if the point is returned for revision."
    ) % {"point": DecisionPoint(point).label.lower()}
    context = {"dialogue": dialogue, "title": title, "reason": reason}
    return render(request, "dialog/case_memo/frozen.html", context, status=409)


@login_required
def edit_case_memo(request, pk: int, point: str):
    if point not in DecisionPoint.values:
        raise Http404(_("There is no such decision point."))
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_case_memo", dialogue)
    title = str(TITLES[point])
    if not memo_editable(dialogue, point):
        return _frozen_refusal(request, dialogue, point, title)
    memo = _memo_of(dialogue, point)
    form = CaseMemoForm(request.POST or None, instance=memo, dialogue=dialogue, point=point)
    context = {"dialogue": dialogue, "form": form, "title": title, "point": point}
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            update_case_memo(
                dialogue_id=dialogue.pk,
                point=point,
                user=request.user,
                data=form.content(),
                expected_updated_at=form.cleaned_data["expected_updated_at"],
            )
            messages.success(request, _("Your changes have been saved."))
            return redirect(f"{dialogue.get_absolute_url()}#case-memos")
        if attempt.conflict:
            # Keep what the user typed; show what is saved now; let the next save win.
            fresh = _memo_of(_load(pk), point)
            data = request.POST.copy()
            data["expected_updated_at"] = fresh.updated_at.isoformat() if fresh.pk else ""
            form = CaseMemoForm(data, instance=fresh, dialogue=dialogue, point=point)
            context.update(
                form=form,
                conflict=attempt.conflict,
                saved=[
                    (form[name].label, str(getattr(fresh, name) or ""))
                    for name in form.changed_data
                    if name in form._meta.fields
                ],
            )
        elif attempt.missing or attempt.refused:
            form.add_error(None, attempt.missing + attempt.refused)
    status = attempt.status if attempt.failed or request.method != "POST" else 400
    return render(request, "dialog/case_memo/form.html", context, status=status)

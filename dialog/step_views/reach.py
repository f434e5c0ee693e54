"""Issue 16's pages: who came to a held activity (a count per target group of the mandate) and
the activity's short evaluation. Thin: the permission is `rules`' `dialog.evaluate_activities`,
changes go through `dialog.services`, refusals are answered by `core.views.refusals`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.permissions import require
from core.views import refusals

from .. import services
from ..forms.reach import ActivityEvaluationForm, ActivityReachForm
from ..models import Activity, ActivityEvaluation, ActivityReach
from ..views import _load_viewable
from .content import step_refused

PERMISSION = "dialog.evaluate_activities"
ANCHOR = "reach"


def _back(dialogue) -> str:
    return f"{dialogue.get_absolute_url()}#{ANCHOR}"


def _activity(dialogue, item_pk: int) -> Activity:
    """The dialogue's activity (from the prefetched list), held; else 404 or a refusal page."""
    activity = next((a for a in dialogue.activities.all() if a.pk == item_pk), None)
    if activity is None:
        raise Http404(_("There is no such activity in this dialogue."))
    return activity


def _not_held(request, dialogue, activity, title):
    reason = _(
        "“%(activity)s” is not marked as held: who came and how it went are recorded for a "
        "held activity. Mark it held first."
    ) % {"activity": activity.title}
    return step_refused(request, dialogue, title, [reason])


def _reach_form(data, dialogue, activity, version=None):
    groups = [g for g in dialogue.target_groups.all() if g.included]
    counts = dict(
        ActivityReach.objects.filter(activity=activity).values_list(
            "target_group_id", "participants"
        )
    )
    if version is None:
        version = services.reach_version(activity.pk)
    return ActivityReachForm(data, groups=groups, counts=counts, version=version)


@login_required
def record_reach(request, pk: int, item_pk: int):
    """How many came from each target group of the mandate to one held activity."""
    dialogue = _load_viewable(request, pk)
    require(request.user, PERMISSION, dialogue)
    activity = _activity(dialogue, item_pk)
    title = _("Who came to “%(activity)s”") % {"activity": activity.title}
    if activity.status != Activity.Status.HELD:
        return _not_held(request, dialogue, activity, title)
    form = _reach_form(request.POST or None, dialogue, activity)
    context = {
        "dialogue": dialogue,
        "activity": activity,
        "form": form,
        "title": title,
        "back_url": _back(dialogue),
        "left_out": [g for g in dialogue.target_groups.all() if not g.included],
    }
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            services.record_reach(
                dialogue_id=dialogue.pk,
                user=request.user,
                activity_id=activity.pk,
                counts=form.counts(),
                expected_version=form.cleaned_data["version"] or None,
            )
            messages.success(request, _("Your changes have been saved."))
            return redirect(_back(dialogue))
        if attempt.conflict:
            # Keep what the user typed on the counts saved now: saving again on purpose wins.
            data = request.POST.copy()
            data["version"] = services.reach_version(activity.pk)
            context["form"] = form = _reach_form(data, dialogue, activity, data["version"])
            form.is_valid()
            context["conflict"] = attempt.conflict
            context["saved"] = [
                (g.label, form.initial.get(form.field_name(g), "—")) for g in form.groups
            ]
        elif attempt.reasons:
            form.add_error(None, attempt.reasons)
    status = attempt.status if attempt.failed or request.method != "POST" else 400
    return render(request, "dialog/reach/reach_form.html", context, status=status)


@login_required
def evaluate_activity(request, pk: int, item_pk: int):
    """The short evaluation of one held activity: what worked, who came, what to change."""
    dialogue = _load_viewable(request, pk)
    require(request.user, PERMISSION, dialogue)
    activity = _activity(dialogue, item_pk)
    title = _("Evaluate “%(activity)s”") % {"activity": activity.title}
    if activity.status != Activity.Status.HELD:
        return _not_held(request, dialogue, activity, title)

    def current():
        return ActivityEvaluation.objects.filter(activity=activity).first() or ActivityEvaluation(
            activity=activity
        )

    form = ActivityEvaluationForm(request.POST or None, instance=current())
    context = {
        "dialogue": dialogue,
        "activity": activity,
        "form": form,
        "title": title,
        "back_url": _back(dialogue),
    }
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            services.save_activity_evaluation(
                dialogue_id=dialogue.pk,
                user=request.user,
                activity_id=activity.pk,
                data=form.content(),
                expected_updated_at=form.cleaned_data["expected_updated_at"],
            )
            messages.success(request, _("Your changes have been saved."))
            return redirect(_back(dialogue))
        if attempt.conflict:
            fresh = current()
            data = request.POST.copy()
            data["expected_updated_at"] = fresh.updated_at.isoformat() if fresh.pk else ""
            context["form"] = form = ActivityEvaluationForm(data, instance=fresh)
            form.is_valid()
            context["conflict"] = attempt.conflict
            context["saved"] = [
                (form[name].label, getattr(fresh, name) or "—") for name in form._meta.fields
            ]
        elif attempt.reasons:
            form.add_error(None, attempt.reasons)
    status = attempt.status if attempt.failed or request.method != "POST" else 400
    return render(request, "dialog/reach/evaluation_form.html", context, status=status)

"""The goals register's pages (issue 16). Thin: forms validate, services change and read."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import permissions
from core.views import refusals

from . import goals as services
from .goal_forms import GoalFilterForm, GoalForm
from .models import Goal
from .views import require  # the register's: logged in, then the permission


def _get_goal(pk) -> Goal:
    try:
        return services.goal_detail(pk)
    except Goal.DoesNotExist as exc:
        raise Http404(_("No such goal.")) from exc


@require("governance.view_goal")
def goal_list(request):
    form = GoalFilterForm(request.GET or None)
    chosen = form.values()
    goals = services.goal_list(body=chosen["body"], period=chosen["period"])
    return render(
        request,
        "governance/goal_list.html",
        {
            "form": form,
            "goals": list(goals),
            "period": chosen["period"],
            "today": timezone.localdate(),
            "can_add": permissions.can(request.user, "governance.add_goal"),
        },
    )


@require("governance.view_goal")
def goal_detail(request, pk):
    goal = _get_goal(pk)
    can_change = permissions.can(request.user, "governance.change_goal", goal)
    return render(
        request,
        "governance/goal_detail.html",
        {
            "goal": goal,
            "dialogues": list(goal.dialogues.all()),
            "documents": list(goal.steering_documents.all()),
            "history": services.goal_history(goal),
            "can_change": can_change,
            "delete_refusal": services.delete_refusal(goal) if can_change else "",
        },
    )


@require("governance.add_goal")
@require_http_methods(["GET", "POST"])
def goal_create(request):
    form = GoalForm(request.POST or None, user=request.user)
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            goal = services.create_goal(data=form.cleaned_data, user=request.user)
            messages.success(request, _("The goal was added to the register."))
            return redirect("governance:goal_detail", goal.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/goal_form.html", {"form": form, "goal": None}, status=status)


@require("governance.view_goal")
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk):
    goal = _get_goal(pk)
    permissions.require(request.user, "governance.change_goal", goal)
    form = GoalForm(request.POST or None, instance=goal, user=request.user)
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            services.update_goal(goal_id=goal.pk, data=form.cleaned_data, user=request.user)
            messages.success(request, _("The goal was saved."))
            return redirect("governance:goal_detail", goal.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/goal_form.html", {"form": form, "goal": goal}, status=status)


@require("governance.view_goal")
@require_http_methods(["GET", "POST"])
def goal_delete(request, pk):
    goal = _get_goal(pk)
    permissions.require(request.user, "governance.change_goal", goal)
    reason = services.delete_refusal(goal)
    if request.method == "POST" and not reason:
        try:
            services.delete_goal(goal_id=goal.pk, user=request.user)
        except ValidationError as exc:  # linked in the meantime
            reason = " ".join(exc.messages)
        else:
            messages.success(request, _("The goal was deleted."))
            return redirect(reverse("governance:goals"))
    return render(
        request,
        "governance/goal_delete.html",
        {"goal": goal, "refusal": reason},
        status=409 if reason and request.method == "POST" else 200,
    )

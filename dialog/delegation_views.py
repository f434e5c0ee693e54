"""Decisions on a body's behalf (issue 12): a delegation decision and the chair's urgent decision
at the dialogue's current point, and the committee secretary's list of those not yet reported
to the body (anmälan), with the chair's absences. Thin: the services own the rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import PermissionRefused
from core.views import refusals

from . import delegation, delegation_selectors, services
from .forms.delegation import ChairAbsenceForm, DelegatedDecisionForm, ReportForm
from .models import Decision
from .services import delegated
from .views import _load_viewable


def _decision_action(dialogue, user, name):
    """The decision transition `name` from where the dialogue stands, or 404."""
    action = services.action_for(dialogue=dialogue, user=user, name=name)
    if action is None or not action.records_decision:
        raise Http404(_("No such decision at this point."))
    return action


def _decide(request, pk: int, name: str, *, urgent: bool):
    dialogue = _load_viewable(request, pk)
    action = _decision_action(dialogue, request.user, name)
    if urgent:
        refusal = delegation.urgency_refusal(request.user, dialogue)
        quote, body = "", delegation.urgent_body(request.user, dialogue)
    else:
        refusal = delegation.delegation_refusal(request.user, dialogue)
        found = delegation.delegation_for(request.user, dialogue)
        body = found[0] if found else None
        quote = ""
        if found:
            point = found[1]
            quote = point.quote() if point else delegation.administration_quote(dialogue)
    if refusal:
        raise PermissionRefused(refusal)
    form = DelegatedDecisionForm(
        request.POST if request.method == "POST" else None,
        urgent=urgent,
        initial={"expected_state": dialogue.state},
    )
    attempt = refusals(form, aliases={"comment": "text"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = delegated.decide_urgently if urgent else delegated.decide_by_delegation
        extra = {"urgency_reason": data["urgency_reason"]} if urgent else {}
        with attempt:
            moved = run(
                dialogue_id=dialogue.pk,
                name=name,
                user=request.user,
                text=data["text"],
                decided_on=data["decided_on"],
                expected_state=data["expected_state"],
                **extra,
            )
            messages.success(
                request,
                _("“%(action)s” is recorded. The decision is listed for report to %(body)s.")
                % {"action": action.label, "body": body.name if body else dialogue.body.name},
            )
            return redirect(moved)
    context = {
        "dialogue": dialogue,
        "action": action,
        "form": form,
        "urgent": urgent,
        "quote": quote,
        "deciding_body": body,
        "title": (_("Urgent decision by the chair") if urgent else _("Decision by delegation"))
        + f": {action.label}",
        "conflict": attempt.conflict or attempt.refused,
        "missing": attempt.missing,
    }
    return render(request, "dialog/delegation/decide.html", context, status=attempt.status)


@login_required
def decide_by_delegation(request, pk: int, name: str):
    return _decide(request, pk, name, urgent=False)


@login_required
def decide_urgently(request, pk: int, name: str):
    return _decide(request, pk, name, urgent=True)


# -- The secretary's list: reports to the body and the chair's absences ------------------------


def _reports_page(request, *, forms=None, absence_form=None, status=200):
    user = request.user
    bodies = delegation_selectors.secretary_bodies(user)
    if not bodies.exists():
        raise PermissionRefused(
            _("Only a committee secretary records the reports of delegated and urgent decisions.")
        )
    forms = forms or {}
    rows = []
    for decision in delegation_selectors.unreported_decisions(user):
        form = forms.get(decision.pk) or ReportForm(
            prefix=f"report-{decision.pk}",
            meetings=delegation_selectors.report_meetings(decision),
        )
        rows.append({"decision": decision, "form": form})
    context = {
        "rows": rows,
        "absence_form": absence_form or ChairAbsenceForm(bodies=bodies),
        "absences": delegation_selectors.chair_absences(user),
        "title": _("Delegated and urgent decisions to report"),
    }
    return render(request, "dialog/delegation/reports.html", context, status=status)


@login_required
def reports(request):
    return _reports_page(request)


@login_required
@require_POST
def record_report(request, decision_pk: int):
    decision = get_object_or_404(
        Decision.objects.select_related("body"),
        pk=decision_pk,
        kind__in=Decision.REPORTED_KINDS,
    )
    form = ReportForm(
        request.POST,
        prefix=f"report-{decision.pk}",
        meetings=delegation_selectors.report_meetings(decision),
    )
    attempt = refusals(form)
    if form.is_valid():
        with attempt:
            delegated.record_report(
                decision_id=decision.pk,
                user=request.user,
                meeting=form.cleaned_data["meeting"],
                paragraph=form.cleaned_data["paragraph"],
            )
            messages.success(request, _("The report to the body is recorded."))
            return redirect("dialog:delegation_reports")
    for reason in attempt.reasons:
        messages.error(request, reason)
    if attempt.reasons:
        return redirect("dialog:delegation_reports")
    return _reports_page(request, forms={decision.pk: form}, status=400)


@login_required
@require_POST
def note_chair_absence(request):
    bodies = delegation_selectors.secretary_bodies(request.user)
    form = ChairAbsenceForm(request.POST, bodies=bodies)
    attempt = refusals(form)
    if form.is_valid():
        data = form.cleaned_data
        with attempt:
            delegated.note_chair_absence(
                body=data["body"],
                user=request.user,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                note=data["note"],
            )
            messages.success(request, _("The chair's absence is noted."))
            return redirect("dialog:delegation_reports")
    return _reports_page(request, absence_form=form, status=400)

"""The reports pages: what a dialogue's documents need, their versions and statuses, downloads.

Thin: permissions are `rules` (reports/rules.py), changes go through reports.services. Statuses
are refreshed by htmx polling while a report is queued or running; without JavaScript the page
shows the status as of loading, with a link to reload.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import can, require
from core.views import refusals, refused
from dialog.models import Dialogue
from governance.filters import DocumentFilter

from . import selectors, services
from .models import Report
from .rendering import render_pdf


def _require_view(user, obj=None) -> None:
    require(user, "reports.view_report", obj)


def _load_dialogue(pk: int) -> Dialogue:
    try:
        return selectors.dialogue_for_reports(pk)
    except Dialogue.DoesNotExist as exc:
        raise Http404(_("There is no such dialogue.")) from exc


def _load_report(report_id: int) -> Report:
    report = (
        Report.objects.select_related("dialogue__body", "decision__body", "body", "created_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404(_("There is no such report."))
    return report


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _dialogue_page(request, dialogue, *, refusal=None, status=200):
    reports = list(selectors.dialogue_reports(dialogue))
    offers = selectors.offers(dialogue)
    for offer in offers:
        offer["versions"] = [r for r in reports if r.subject == offer["subject"]]
    context = {
        "dialogue": dialogue,
        "offers": offers,
        "can_generate": can(request.user, "reports.generate_report", dialogue),
        "refusal": refusal,
        "pending": any(r.is_pending for r in reports),
    }
    return render(request, "reports/dialogue.html", context, status=status)


@login_required
def dialogue_reports(request, pk: int):
    dialogue = _load_dialogue(pk)
    _require_view(request.user, dialogue)
    return _dialogue_page(request, dialogue)


@login_required
@require_POST
def generate(request, pk: int):
    dialogue = _load_dialogue(pk)
    _require_view(request.user, dialogue)
    with refusals() as attempt:
        report = services.request_report(
            user=request.user,
            kind=request.POST.get("kind", ""),
            dialogue_id=dialogue.pk,
            point=request.POST.get("point", ""),
            decision_id=_int(request.POST.get("decision")),
        )
    if attempt.failed:
        if isinstance(attempt.error, services.MissingData):
            title = _("The document cannot be generated yet. It lacks:")
        else:
            title = _("The document cannot be generated:")
        refusal = {"title": title, "reasons": attempt.reasons}
        return _dialogue_page(request, dialogue, refusal=refusal, status=400)
    _announce(request, report)
    return redirect(f"{reverse('reports:dialogue', args=[dialogue.pk])}#report-{report.pk}")


def _announce(request, report: Report) -> None:
    if report.is_done:
        messages.success(
            request,
            _("%(title)s, version %(version)s, is ready.")
            % {"title": report.title, "version": report.version},
        )
    elif report.is_failed:
        messages.error(
            request,
            _("Generating %(title)s failed: %(error)s")
            % {"title": report.title, "error": report.error},
        )
    else:
        messages.info(
            request,
            _("%(title)s, version %(version)s, is being generated; its status shows below.")
            % {"title": report.title, "version": report.version},
        )


@login_required
def report_status(request, report_id: int):
    """One report's row (htmx polls it while the report is queued or running)."""
    report = _load_report(report_id)
    _require_view(request.user, report)
    if request.htmx:
        return render(
            request, "reports/_report_row.html", {"report": report, **_may(request, report)}
        )
    if report.body_id and not report.dialogue_id:
        return redirect(f"{reverse('reports:follow_up')}#report-{report.pk}")
    return redirect(f"{reverse('reports:dialogue', args=[report.dialogue_id])}#report-{report.pk}")


def _may(request, report: Report) -> dict:
    if report.kind == Report.Kind.FOLLOW_UP:
        may = can(request.user, "reports.generate_follow_up", report.body)
    else:
        may = can(request.user, "reports.generate_report", report.dialogue)
    return {"can_retry": may}


@login_required
@require_POST
def retry(request, report_id: int):
    report = _load_report(report_id)
    _require_view(request.user, report)
    with refusals() as attempt:
        report = services.retry_report(report_id=report.pk, user=request.user)
        _announce(request, report)
    for reason in attempt.reasons:
        messages.error(request, reason)
    if request.htmx:
        return render(
            request, "reports/_report_row.html", {"report": report, **_may(request, report)}
        )
    if report.kind == Report.Kind.FOLLOW_UP:
        return redirect(f"{reverse('reports:follow_up')}#report-{report.pk}")
    return redirect(f"{reverse('reports:dialogue', args=[report.dialogue_id])}#report-{report.pk}")


@login_required
def download(request, report_id: int):
    report = _load_report(report_id)
    _require_view(request.user, report)
    if not report.is_done:
        raise Http404(_("This version has no file: it is not done."))
    try:
        data = services.verify(report)
    except services.Conflict as exc:
        return refused(request, exc.reasons, status=409)
    except FileNotFoundError as exc:
        raise Http404(_("The stored file is missing.")) from exc
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def register_pdf(request):
    """The steering-document register as a PDF list, with the list page's filters.

    Rendered on request and not stored: it is a list, not an archived document. The same
    permission as the register's CSV export.
    """
    require(request.user, "governance.view_document")
    filterset = DocumentFilter(request.GET or None)
    document = selectors.register(filterset.qs, filterset.labels_in_use())
    response = HttpResponse(render_pdf(document), content_type="application/pdf")
    filename = f"styrdokument-{timezone.localdate().isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

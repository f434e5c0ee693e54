"""The e-archive packages of a dialogue: the list, the registrar's export button, downloads.

Thin: the permissions are reports/archive_rules.py, the export is reports.archive_exports. The
button queues the export (making the package takes 5-25 seconds: a background task renders the
case sheet and any document never generated) and redirects to the packages page, which shows the
pending export's status. htmx polls it and reloads the page when it is done; without JavaScript
a reload shows the state.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from core.errors import Conflict
from core.permissions import require
from core.views import refusals, refused
from dialog.models import Dialogue

from . import archive, archive_exports
from .models import ArchiveExport, ArchivePackage


def _load_dialogue(pk: int) -> Dialogue:
    dialogue = Dialogue.objects.select_related("body__registered_in").filter(pk=pk).first()
    if dialogue is None:
        raise Http404(_("There is no such dialogue."))
    return dialogue


def _page(request, dialogue, *, refusal=None, status=200):
    packages = list(
        ArchivePackage.objects.filter(dialogue=dialogue)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )
    latest = archive_exports.latest_export(dialogue)
    may_export = archive.may_export(request.user, dialogue)
    context = {
        "dialogue": dialogue,
        "packages": packages,
        # A done export is simply its package in the list.
        "export": latest if latest is not None and not latest.is_done else None,
        "may_export": may_export,
        "not_exportable": archive.not_exportable_reason(dialogue) if may_export else None,
        "refusal": refusal,
    }
    return render(request, "reports/archive_packages.html", context, status=status)


def _packages_url(dialogue_id: int, anchor: str) -> str:
    return f"{reverse('reports:archive_packages', args=[dialogue_id])}#{anchor}"


@login_required
def packages(request, pk: int):
    dialogue = _load_dialogue(pk)
    require(request.user, "reports.view_archive", dialogue)
    return _page(request, dialogue)


def _refused_page(request, dialogue, attempt):
    refusal = {
        "title": _("The case cannot be exported to the e-archive:"),
        "reasons": attempt.reasons,
    }
    return _page(request, dialogue, refusal=refusal, status=attempt.status)


def _announce(request, export: ArchiveExport) -> str:
    """Say how the export stands (the immediate backend of the tests has already run it);
    returns the page's anchor to show."""
    if export.is_done:
        messages.success(
            request,
            _("The e-archive package %(name)s is ready: %(count)s documents.")
            % {"name": export.package.name, "count": export.package.document_count},
        )
        return f"package-{export.package_id}"
    if export.is_failed:
        messages.error(request, _("The export failed: %(error)s") % {"error": export.error})
    else:
        messages.info(
            request, _("The export to the e-archive is queued; its status shows on this page.")
        )
    return "archive-export-status"


def _fresh(export_id: int) -> ArchiveExport:
    return ArchiveExport.objects.select_related("package").get(pk=export_id)


@login_required
@require_POST
def export(request, pk: int):
    dialogue = _load_dialogue(pk)
    require(request.user, "reports.export_archive", dialogue)
    with refusals() as attempt:
        queued = archive_exports.request_export(dialogue_id=dialogue.pk, user=request.user)
    if attempt.failed:
        return _refused_page(request, dialogue, attempt)
    anchor = _announce(request, _fresh(queued.pk))
    return redirect(_packages_url(dialogue.pk, anchor))


@login_required
@require_POST
def retry(request, export_id: int):
    export_ = ArchiveExport.objects.filter(pk=export_id).first()
    if export_ is None:
        raise Http404(_("There is no such export."))
    dialogue = _load_dialogue(export_.dialogue_id)
    require(request.user, "reports.export_archive", dialogue)
    with refusals() as attempt:
        archive_exports.retry_export(export_id=export_.pk, user=request.user)
    if attempt.failed:
        return _refused_page(request, dialogue, attempt)
    anchor = _announce(request, _fresh(export_.pk))
    return redirect(_packages_url(dialogue.pk, anchor))


@login_required
def export_status(request, export_id: int):
    """The export's status (htmx polls it while queued or running; once it has ended the page
    is reloaded, so the new package or the reason shows). Without htmx: the packages page."""
    export_ = (
        ArchiveExport.objects.select_related("dialogue", "requested_by")
        .filter(pk=export_id)
        .first()
    )
    if export_ is None:
        raise Http404(_("There is no such export."))
    require(request.user, "reports.view_archive", export_.dialogue)
    if not request.htmx:
        return redirect(_packages_url(export_.dialogue_id, "archive-export-status"))
    if not export_.is_pending:
        return HttpResponseClientRefresh()
    context = {"export": export_, "dialogue": export_.dialogue, "may_export": False}
    return render(request, "reports/_archive_export_status.html", context)


@login_required
def download(request, package_id: int):
    package = ArchivePackage.objects.select_related("dialogue").filter(pk=package_id).first()
    if package is None:
        raise Http404(_("There is no such package."))
    require(request.user, "reports.view_archive", package.dialogue)
    try:
        data = archive.read_package(package)
    except Conflict as exc:
        return refused(request, exc.reasons, status=409)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package.download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""The e-archive packages of a dialogue: the list, the registrar's export button, downloads.

Thin: the permissions are reports/archive_rules.py, the export is reports.archive. The export
runs in the request (a few seconds: it renders the case sheet and any document never
generated); the page then lists the new package.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import Conflict
from core.permissions import require
from core.views import refusals, refused
from dialog.models import Dialogue

from . import archive
from .models import ArchivePackage


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
    may_export = archive.may_export(request.user, dialogue)
    context = {
        "dialogue": dialogue,
        "packages": packages,
        "may_export": may_export,
        "not_exportable": archive.not_exportable_reason(dialogue) if may_export else None,
        "refusal": refusal,
    }
    return render(request, "reports/archive_packages.html", context, status=status)


@login_required
def packages(request, pk: int):
    dialogue = _load_dialogue(pk)
    require(request.user, "reports.view_archive", dialogue)
    return _page(request, dialogue)


@login_required
@require_POST
def export(request, pk: int):
    dialogue = _load_dialogue(pk)
    require(request.user, "reports.export_archive", dialogue)
    with refusals() as attempt:
        package = archive.export_package(dialogue_id=dialogue.pk, user=request.user)
    if attempt.failed:
        refusal = {
            "title": _("The case cannot be exported to the e-archive:"),
            "reasons": attempt.reasons,
        }
        return _page(request, dialogue, refusal=refusal, status=attempt.status)
    messages.success(
        request,
        _("The e-archive package %(name)s is ready: %(count)s documents.")
        % {"name": package.name, "count": package.document_count},
    )
    return redirect(
        f"{reverse('reports:archive_packages', args=[dialogue.pk])}#package-{package.pk}"
    )


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

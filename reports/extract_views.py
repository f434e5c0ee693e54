"""The justerat protokollsutdrag of a decision: its versions, the upload, the download. Thin:
the permissions are `rules` (reports/rules.py), the upload is reports.uploads'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.permissions import can, require
from core.views import refusals, refused
from dialog.models import Decision

from . import uploads
from .forms import ProtocolExtractForm
from .models import ProtocolExtract


def _load_decision(pk: int) -> Decision:
    decision = (
        Decision.objects.select_related("body", "dialogue__body", "recorded_by")
        .prefetch_related("protocol_extracts__uploaded_by")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404(_("There is no such decision."))
    return decision


@login_required
def protocol_extracts(request, decision_pk: int):
    """The decision's uploaded extracts, newest first, and the upload form for its secretary."""
    decision = _load_decision(decision_pk)
    require(request.user, "reports.view_protocol_extract", decision)
    may_upload = not decision.is_information and can(
        request.user, "reports.upload_protocol_extract", decision
    )
    posted = request.method == "POST"
    form = ProtocolExtractForm(request.POST if posted else None, request.FILES if posted else None)
    attempt = refusals(form)
    if posted:
        require(request.user, "reports.upload_protocol_extract", decision)
        if form.is_valid():
            with attempt:
                extract = uploads.upload_protocol_extract(
                    decision_id=decision.pk, user=request.user, upload=form.cleaned_data["file"]
                )
                messages.success(
                    request,
                    _("The extract from the minutes, version %(version)s, has been stored.")
                    % {"version": extract.version},
                )
                return redirect(reverse("reports:protocol_extracts", args=[decision.pk]))
    context = {
        "decision": decision,
        "dialogue": decision.dialogue,
        "extracts": list(decision.protocol_extracts.all()),
        "form": form if may_upload else None,
    }
    return render(request, "reports/protocol_extracts.html", context, status=attempt.status)


@login_required
def download_protocol_extract(request, extract_id: int):
    extract = (
        ProtocolExtract.objects.select_related("decision__body", "decision__dialogue__body")
        .filter(pk=extract_id)
        .first()
    )
    if extract is None:
        raise Http404(_("There is no such extract."))
    require(request.user, "reports.view_protocol_extract", extract.decision)
    try:
        data = uploads.verify_protocol_extract(extract)
    except uploads.Conflict as exc:
        return refused(request, exc.reasons, status=409)
    except FileNotFoundError as exc:
        raise Http404(_("The stored file is missing.")) from exc
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{extract.download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""The register's pages. Thin: forms validate, services change, selectors read."""

import base64
import csv
import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import permissions
from core.views import refusals

from . import selectors, services
from .filters import DocumentFilter
from .forms import DocumentForm, ImportForm, RevokeForm, adopting_bodies_for
from .importers import ImportFileError, parse_file
from .models import DocumentType, SteeringDocument
from .rules import change_refusal

PER_PAGE = getattr(settings, "DOCUMENTS_PER_PAGE", 25)
IMPORT_SESSION_KEY = "governance_import"


def require(permission):
    def decorator(view):
        @functools.wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            permissions.require(request.user, permission)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _get_document(pk) -> SteeringDocument:
    try:
        return selectors.document_detail(pk)
    except SteeringDocument.DoesNotExist as exc:
        raise Http404(_("No such document.")) from exc


def _get_changeable(request, pk) -> SteeringDocument:
    """The document, if the rules let this user change it (403 with the reason otherwise)."""
    document = _get_document(pk)
    permissions.require(request.user, "governance.change_document", document)
    return document


@require("governance.view_document")
def document_list(request):
    filterset = DocumentFilter(request.GET or None)
    form, documents = filterset.form, filterset.qs
    page = Paginator(selectors.paged(documents), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = (
        "governance/_results.html"
        if getattr(request, "htmx", False) and not request.htmx.boosted
        else "governance/document_list.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": permissions.can(request.user, "governance.add_document"),
            "today": timezone.localdate(),
        },
    )


def _safe_cell(value) -> str:
    """Stop spreadsheet formula injection: a cell never starts with = + - @."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require("governance.view_document")
def export_csv(request):
    documents = DocumentFilter(request.GET or None).qs
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="styrdokument.csv"'
    response.write("\ufeff")  # BOM: Excel then reads UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Title"),
            _("Type"),
            _("Adopting body"),
            _("Decision date"),
            _("Paragraph (§)"),
            _("Case number"),
            _("Valid from"),
            _("Valid until"),
            _("Status"),
            _("Revision date"),
            _("Document owner"),
            _("Keywords"),
        ]
    )
    for d in documents.iterator(chunk_size=500):
        writer.writerow(
            [
                _safe_cell(value)
                for value in (
                    d.title,
                    d.type.name if d.type else "",
                    d.adopting_body.code if d.adopting_body else "",
                    d.decision_date or "",
                    d.paragraph,
                    d.case_number,
                    d.valid_from or "",
                    d.valid_until or _("until further notice"),
                    d.get_shown_status_display(),
                    d.revision_date or "",
                    d.owner_role,
                    ", ".join(k.name for k in d.keywords.all()),
                )
            ]
        )
    return response


@require("governance.view_document")
def document_detail(request, pk):
    document = _get_document(pk)
    can_change = permissions.can(request.user, "governance.change_document", document)
    return render(
        request,
        "governance/document_detail.html",
        {
            "document": document,
            "history": selectors.document_history(document),
            "ancestors": list(document.ancestors()),
            "can_change": can_change,
            "change_refusal": "" if can_change else change_refusal(document),
            "due_reasons": document.due_reasons(timezone.localdate())
            if document.status == SteeringDocument.Status.ADOPTED
            else [],
        },
    )


@require("governance.view_document")
def document_file(request, pk):
    """The uploaded PDF, only to those who may read the register (never a public media URL)."""
    document = _get_document(pk)
    if not document.file:
        raise Http404(_("The document has no file."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The document's file is missing.")) from exc
    filename = f"{slugify(document.title)[:80] or 'styrdokument'}.pdf"
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require("governance.view_document")
def adopting_bodies(request):
    """The adopting-body options for the type chosen in the document form (htmx)."""
    doc_type = None
    value = request.GET.get("type", "")
    if value.isdigit():
        doc_type = DocumentType.objects.filter(pk=value).first()
    return render(
        request,
        "governance/_body_options.html",
        {"bodies": adopting_bodies_for(doc_type)},
    )


@require("governance.view_document")
def tree(request):
    include_ended = request.GET.get("ended") == "1"
    return render(
        request,
        "governance/tree.html",
        {"nodes": selectors.hierarchy(include_ended=include_ended), "include_ended": include_ended},
    )


@require("governance.view_document")
def due(request):
    today = timezone.localdate()
    return render(
        request,
        "governance/due.html",
        {"documents": selectors.due_for_review(on=today), "today": today},
    )


@require("governance.add_document")
@require_http_methods(["GET", "POST"])
def document_create(request):
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with refusals(form):
            document = services.create_document(
                data=form.service_data(),
                user=request.user,
                keywords=form.cleaned_data["keywords_text"],
                replaces=form.cleaned_data["replaces"],
            )
            messages.success(request, _("The document was added to the register."))
            return redirect(document)
    return render(request, "governance/document_form.html", {"form": form, "document": None})


@require("governance.view_document")
@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    document = _get_changeable(request, pk)
    if document.status not in services.EDITABLE_STATUSES:
        raise PermissionDenied(_("A replaced or revoked document is kept as it was."))
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and form.is_valid():
        with refusals(form):
            services.update_document(
                document_id=document.pk,
                data=form.service_data(),
                user=request.user,
                keywords=form.cleaned_data["keywords_text"],
                replaces=form.cleaned_data["replaces"],
            )
            messages.success(request, _("The document was saved."))
            return redirect(document)
    return render(request, "governance/document_form.html", {"form": form, "document": document})


@require("governance.view_document")
@require_http_methods(["GET", "POST"])
def new_version(request, pk):
    old = _get_changeable(request, pk)
    if old.status != SteeringDocument.Status.ADOPTED:
        raise PermissionDenied(_("Only an adopted document can be replaced by a new version."))
    initial = {
        "title": old.title,
        "type": old.type,
        "owner_body": old.owner_body,
        "owner_role": old.owner_role,
        "follow_up_by": old.follow_up_by,
        "follow_up_interval_months": old.follow_up_interval_months,
        "concretises": old.concretises,
        "adopted_because_of_law": old.adopted_because_of_law,
        "case_number": old.case_number,
        "keywords_text": ", ".join(k.name for k in old.keywords.all()),
    }
    form = DocumentForm(
        request.POST or None, request.FILES or None, initial=initial, new_version_of=old
    )
    if request.method == "POST" and form.is_valid():
        with refusals(form):
            new = services.adopt_new_version(
                old=old,
                data=form.service_data(),
                user=request.user,
                keywords=form.cleaned_data["keywords_text"],
            )
            messages.success(request, _("The new version was adopted and replaces the old one."))
            return redirect(new)
    return render(request, "governance/new_version.html", {"form": form, "document": old})


@require("governance.view_document")
@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    document = _get_changeable(request, pk)
    if document.status != SteeringDocument.Status.ADOPTED:
        raise PermissionDenied(_("Only an adopted document can be revoked."))
    form = RevokeForm(request.POST or None, initial={"body": document.adopting_body})
    if request.method == "POST" and form.is_valid():
        with refusals(form):
            services.revoke(
                document=document,
                decided_on=form.cleaned_data["decided_on"],
                paragraph=form.cleaned_data["paragraph"],
                body=form.cleaned_data["body"],
                user=request.user,
            )
            messages.success(request, _("The document was revoked."))
            return redirect(document)
    return render(request, "governance/revoke.html", {"form": form, "document": document})


# --- import: upload -> preview (dry run) -> confirm ------------------------------------------


def _stored_upload(request):
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored:
        return None, None
    return stored["name"], base64.b64decode(stored["content"])


@require("governance.import_documents")
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    file_error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            rows = parse_file(upload.name, content)
        except ImportFileError as exc:
            file_error = str(exc)
        else:
            result = services.import_documents(rows=rows, dry_run=True, user=request.user)
            if result.ok and result.rows:
                request.session[IMPORT_SESSION_KEY] = {
                    "name": upload.name,
                    "content": base64.b64encode(content).decode("ascii"),
                }
            else:
                request.session.pop(IMPORT_SESSION_KEY, None)
    return render(
        request,
        "governance/import.html",
        {"form": form, "result": result, "file_error": file_error},
        status=400 if file_error or (request.method == "POST" and not form.is_valid()) else 200,
    )


@require("governance.import_documents")
@require_POST
def import_confirm(request):
    name, content = _stored_upload(request)
    if content is None:
        messages.error(request, _("Upload the file again; the preview has expired."))
        return redirect("governance:import")
    try:
        rows = parse_file(name, content)
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("governance:import")
    result = services.import_documents(rows=rows, dry_run=False, user=request.user)
    request.session.pop(IMPORT_SESSION_KEY, None)
    if not result.saved:
        return render(
            request,
            "governance/import.html",
            {"form": ImportForm(), "result": result, "file_error": None},
        )
    messages.success(
        request,
        _("%(count)s documents were imported; %(flagged)s are flagged for review.")
        % {"count": len(result.created), "flagged": len(result.flagged)},
    )
    url = reverse("governance:list")
    if result.flagged:
        url += "?" + urlencode({"status": "review"})
    return redirect(url)

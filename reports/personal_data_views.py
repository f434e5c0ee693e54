"""Register extract and erasure (GDPR art. 15 and 17): one page for a registrar or an
administrator.

Given an e-mail address, the page lists every place the apps registered with core.retention and
what each holds of it; the extract downloads as CSV or PDF; the erasure (with a confirmation)
erases the address where no archive rule keeps it and lists what is kept and why. Every step is
logged (core.models.PersonalDataRequest, the address as its SHA-256).

The address travels only in POST bodies, never in a URL (URLs end up in logs and histories).
"""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.models import PersonalDataRequest
from core.permissions import require
from core.personal_data import erase_personal_data, find_personal_data, log_request

from . import personal_data_rules
from .personal_data_forms import AddressForm, ErasureForm
from .rendering import render_pdf
from .selectors import personal_data as selectors

TEMPLATE = "reports/personal_data.html"


def _page(request, *, form, email=None, findings=None, erasure=None, erasure_form=None, status=200):
    context = {
        "form": form,
        "email": email,
        "findings": findings,
        "places": selectors.grouped(findings) if findings is not None else None,
        "erasable": sum(1 for f in findings or [] if f.erasable),
        "erasure_form": erasure_form or (ErasureForm(initial={"email": email}) if email else None),
        "erasure": erasure,
    }
    return render(request, TEMPLATE, context, status=status)


@login_required
def personal_data(request):
    """GET: the address form. POST: the places the address is stored (logged as a search)."""
    require(request.user, personal_data_rules.PERMISSION)
    form = AddressForm(request.POST or None)
    if request.method != "POST":
        return _page(request, form=form)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    email = form.cleaned_data["email"]
    findings = find_personal_data(email)
    log_request(
        action=PersonalDataRequest.Action.SEARCH, email=email, by=request.user, findings=findings
    )
    form = AddressForm(initial={"email": email})
    return _page(request, form=form, email=email, findings=findings)


@login_required
@require_POST
def extract(request, fmt: str):
    """The extract as CSV or PDF (logged)."""
    require(request.user, personal_data_rules.PERMISSION)
    if fmt not in ("csv", "pdf"):
        raise Http404
    form = AddressForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    email = form.cleaned_data["email"]
    findings = find_personal_data(email)
    stamp = timezone.localdate().isoformat()
    if fmt == "pdf":
        log_request(
            action=PersonalDataRequest.Action.EXTRACT_PDF,
            email=email,
            by=request.user,
            findings=findings,
        )
        document = selectors.extract_document(email, findings, by=request.user)
        response = HttpResponse(render_pdf(document), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="registerutdrag-{stamp}.pdf"'
    else:
        log_request(
            action=PersonalDataRequest.Action.EXTRACT_CSV,
            email=email,
            by=request.user,
            findings=findings,
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="registerutdrag-{stamp}.csv"'
        response.write("\ufeff")  # BOM: Excel then reads UTF-8
        writer = csv.writer(response, delimiter=";")
        for row in selectors.csv_rows(findings):
            writer.writerow([_safe_cell(cell) for cell in row])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _safe_cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
@require_POST
def erase(request):
    """Erase the address where no archive rule keeps it (with the confirmation ticked)."""
    require(request.user, personal_data_rules.PERMISSION)
    form = ErasureForm(request.POST)
    if not form.is_valid():
        email = form.cleaned_data.get("email")
        if email is None:  # the address itself is invalid: its error on the address form
            address_form = AddressForm({"email": request.POST.get("erase-email", "")})
            address_form.is_valid()
            return _page(request, form=address_form, status=400)
        # Not confirmed: the list again, with the box's error.
        return _page(
            request,
            form=AddressForm(initial={"email": email}),
            email=email,
            findings=find_personal_data(email),
            erasure_form=form,
            status=400,
        )
    email = form.cleaned_data["email"]
    logged, left = erase_personal_data(email=email, by=request.user)
    return _page(
        request,
        form=AddressForm(initial={"email": email}),
        email=email,
        findings=left,
        erasure={"erased": sum(logged.erased.values()), "kept": len(left)},
    )

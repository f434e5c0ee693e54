"""The register's document types, explained: where each stands, who adopts it, and the line of
the municipality's rules it comes from (issue 16)."""

from django.shortcuts import render

from .models import DocumentType, PolicyProfile
from .views import require


@require("governance.view_document")
def document_types(request):
    return render(
        request,
        "governance/document_types.html",
        {
            "types": list(DocumentType.objects.all()),
            "profile": PolicyProfile.objects.filter(is_active=True).first(),
        },
    )

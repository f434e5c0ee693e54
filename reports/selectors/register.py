"""The steering-document register as a printable list."""

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import SteeringDocument

from ..rendering import Document


def register(
    documents: QuerySet[SteeringDocument], filter_labels: list[tuple[str, str]]
) -> Document:
    """The register as a printable list, filtered as the list page is (no stored versions).

    `documents` is governance's `DocumentFilter(...).qs`; `filter_labels` its `labels_in_use()`,
    the (label, value) pairs of the filters in use, printed in the header.
    """
    documents = list(documents.select_related("owner_body"))
    title = _("Steering-document register")
    facts = [
        (_("Date"), timezone.localdate().isoformat()),
        (_("Documents"), str(len(documents))),
        *filter_labels,
    ]
    context = {
        "kind_label": _("Register extract"),
        "facts": facts,
        "documents": documents,
        "filtered": bool(filter_labels),
    }
    return Document(
        kind="register",
        template="reports/pdf/register.html",
        context=context,
        title=str(title),
        subject=str(title),
        author=settings.MUNICIPALITY_NAME,
        keywords=[str(_("steering documents")), str(_("register"))],
    )

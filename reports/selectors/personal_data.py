"""The register extract (GDPR art. 15) as a printable document and as CSV rows."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.retention import Finding, places

from ..rendering import Document


def grouped(findings: list[Finding]) -> list[dict]:
    """Every registered place, in order, with what was found there (empty places too, so the
    extract shows where was searched)."""
    by_place: dict[str, list[Finding]] = {}
    for finding in findings:
        by_place.setdefault(finding.place.split(".history")[0], []).append(finding)
    return [
        {
            "key": place.key,
            "label": str(place.label),
            "findings": by_place.get(place.key, []),
            "kept_because": str(place.kept_because),
            "erasable": place.erase is not None,
        }
        for place in places()
    ]


def csv_rows(findings: list[Finding]) -> list[list[str]]:
    rows = [
        [
            _("Place"),
            _("Record"),
            _("Stored"),
            _("Stored on"),
            _("Can be erased"),
            _("Kept because"),
        ]
    ]
    for f in findings:
        rows.append(
            [
                f.place_label,
                f.record,
                f.value,
                timezone.localtime(f.stored_at).strftime("%Y-%m-%d %H:%M") if f.stored_at else "",
                _("yes") if f.erasable else _("no"),
                f.kept_because,
            ]
        )
    return rows


def extract_document(email: str, findings: list[Finding], *, by) -> Document:
    title = _("Register extract: personal data")
    facts = [
        (_("E-mail address"), email),
        (_("Date"), timezone.localdate().isoformat()),
        (_("Found"), str(len(findings))),
        (_("Made by"), by.get_full_name() or by.get_username()),
    ]
    return Document(
        kind="personal_data_extract",
        template="reports/pdf/personal_data.html",
        context={
            "kind_label": _("Register extract (GDPR art. 15)"),
            "facts": facts,
            "email": email,
            "places": grouped(findings),
            "found": findings,
        },
        title=str(title),
        subject=str(title),
        author=settings.MUNICIPALITY_NAME,
        keywords=[str(_("register extract")), str(_("personal data"))],
    )

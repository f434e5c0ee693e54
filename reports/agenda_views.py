"""The decision basis (tjänsteskrivelse) of one decision point as a PDF, opened from a meeting's
agenda (issue 12): the politicians read each point's basis before the meeting.

Rendered on request from the point's frozen version (dated the day it was frozen), like the
register's PDF; the archived versions stay on the reports page.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from core.permissions import require
from dialog.models import DecisionPoint, Dialogue

from . import selectors
from .rendering import render_pdf


@login_required
def decision_basis_pdf(request, pk: int, point: str):
    if point not in DecisionPoint.values:
        raise Http404(_("There is no such decision point."))
    try:
        dialogue = selectors.dialogue_for_reports(pk)
    except Dialogue.DoesNotExist as exc:
        raise Http404(_("There is no such dialogue.")) from exc
    require(request.user, "reports.view_report", dialogue)
    document = selectors.decision_basis(dialogue, point)
    response = HttpResponse(render_pdf(document), content_type="application/pdf")
    number = (dialogue.case_number or f"dialog-{dialogue.pk}").replace(" ", "-").replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="beslutsunderlag-{number}-{point}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

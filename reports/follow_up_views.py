"""The follow-up of the dialogue work (issue 16): the page shows the figures of the chosen scope
(the whole municipality or one body) and period (interim, year, term), compared with the period
before; the PDF of it is generated as a stored, versioned report.

The period comes as `period=<kind>:<year>` from the page's one select (it works without
JavaScript), or as `year` with an optional `kind` (the yearly follow-up's old form).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.permissions import can, require
from core.views import refusals
from roles.models import Body

from . import selectors, services
from .models import Report
from .selectors import periods
from .selectors.follow_up_due import MUNICIPALITY
from .views import _announce, _int


def _period_from(data) -> tuple[periods.Period | None, str]:
    """The chosen period, or None with the reason."""
    today = timezone.localdate()
    raw = data.get("period", "")
    if raw:
        kind, _sep, year = raw.partition(":")
    else:
        kind, year = data.get("kind") or periods.YEAR, data.get("year")
    if not year and not raw:
        return periods.period_containing(periods.YEAR, today), ""
    number = _int(year)
    if number is None or not periods.FIRST_YEAR <= number <= today.year:
        return None, _("Choose a year from %(first)s to %(last)s.") % {
            "first": periods.FIRST_YEAR,
            "last": today.year,
        }
    period = periods.parse(kind, number)
    if period is None:
        return None, _("Choose a period: an interim period, a year or a term of office.")
    return period, ""


def _period_choices(today) -> list[tuple[str, str]]:
    labels = periods.kind_labels()
    choices = []
    for kind in (periods.YEAR, periods.INTERIM, periods.TERM):
        for year in periods.choosable_years(kind, today, count=6 if kind != periods.TERM else 3):
            period = periods.Period(kind, year)
            label = period.label if kind != periods.YEAR else f"{labels[kind]} {period.label}"
            choices.append((period.key, label[:1].upper() + label[1:]))
    return choices


@login_required
def follow_up(request):
    require(request.user, "reports.view_report")
    data = request.POST if request.method == "POST" else request.GET
    bodies = [b for b in Body.objects.order_by("name") if b.is_political]
    scope = data.get("body", "")
    body = None
    if scope not in ("", MUNICIPALITY):
        body_id = _int(scope)
        body = next((b for b in bodies if b.pk == body_id), None)
    period, reason = _period_from(data)
    refusal = None
    status = 200
    if request.method == "POST":
        if reason:
            refusal = {"title": _("The follow-up cannot be generated:"), "reasons": [reason]}
            status = 400
        else:
            with refusals() as attempt:
                report = services.request_report(
                    user=request.user,
                    kind=Report.Kind.FOLLOW_UP,
                    body_id=scope if scope not in ("", MUNICIPALITY) else None,
                    year=period.year,
                    period=period.kind,
                )
                _announce(request, report)
                query = urlencode(
                    {"body": report.body_id or MUNICIPALITY, "period": f"{period.key}"}
                )
                return redirect(f"{reverse('reports:follow_up')}?{query}#report-{report.pk}")
            if isinstance(attempt.error, services.MissingData):
                title = _("The follow-up cannot be generated. It lacks:")
            else:
                title = _("The follow-up cannot be generated:")
            refusal = {"title": title, "reasons": attempt.reasons}
            status = 400
    shown = period if period is not None and period.has_begun() else None
    figures = selectors.follow_up_context(body, shown) if shown else None
    reports = list(selectors.follow_up_reports(body, municipality=body is None))
    may_generate = can(request.user, "reports.generate_follow_up", body)
    for report in reports:
        report.can_retry = may_generate
    today = timezone.localdate()
    context = {
        "bodies": bodies,
        "body": body,
        "municipality_value": MUNICIPALITY,
        "period": period,
        "period_choices": _period_choices(today),
        "figures": figures,
        "title": selectors.follow_up_title(body, period) if period else "",
        "reports": reports,
        "can_generate": may_generate,
        "refusal": refusal,
        "pending": any(r.is_pending for r in reports),
    }
    return render(request, "reports/follow_up.html", context, status=status)

"""A body's meetings (issue 12): the list, a new meeting, the meeting's page with its agenda
(each point's decision basis PDF), and the committee secretary's forms: a point onto the agenda,
attendance, the minutes' outcomes in one form, the justering and the anslag. Thin: the rules are
in dialog.services.meetings and roles/rules.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import can, require
from core.views import refusals
from roles.models import Attendance, Meeting

from . import meeting_selectors as selectors
from .forms.meetings import (
    AdjustmentForm,
    AgendaItemForm,
    AttendanceForm,
    MeetingForm,
    MinutesForm,
)
from .services import meetings as services


def _meeting(request, pk: int) -> Meeting:
    try:
        meeting = Meeting.objects.select_related("body").get(pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404(_("There is no such meeting.")) from exc
    require(request.user, "roles.view_meeting", meeting)
    return meeting


def _url(meeting) -> str:
    return reverse("dialog:meeting", args=[meeting.pk])


@login_required
def meeting_list(request):
    require(request.user, "roles.view_meeting")
    today = timezone.localdate()
    mine = selectors.meetings_of(request.user)
    return render(
        request,
        "dialog/meetings/list.html",
        {
            "title": _("Meetings"),
            "upcoming": mine.filter(held_on__gte=today).order_by("held_on", "starts_at", "pk"),
            "held": mine.filter(held_on__lt=today).order_by("-held_on", "-pk")[:50],
            "can_add": can(request.user, "roles.add_meeting"),
        },
    )


@login_required
def meeting_create(request):
    require(request.user, "roles.add_meeting")
    bodies = selectors.secretary_bodies(request.user)
    form = MeetingForm(request.POST or None, bodies=bodies)
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            meeting = services.create_meeting(user=request.user, **form.cleaned_data)
            messages.success(request, _("The meeting has been created."))
            return redirect(_url(meeting))
    return render(
        request,
        "dialog/meetings/form.html",
        {"form": form, "title": _("New meeting")},
        status=attempt.status,
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    manage = can(request.user, "roles.manage_meetings", meeting.body)
    agenda = selectors.agenda(meeting)
    context = {
        "meeting": meeting,
        "title": str(meeting),
        "agenda": agenda,
        "attendance": selectors.attendance(meeting),
        "can_manage": manage,
        "held": meeting.held_on <= timezone.localdate(),
        "open_items": [row for row in agenda if row["decision"] is None],
    }
    if manage:
        context["agenda_form"] = AgendaItemForm(waiting=selectors.waiting_points(meeting))
    return render(request, "dialog/meetings/detail.html", context)


@login_required
@require_POST
def agenda_add(request, pk: int):
    meeting = _meeting(request, pk)
    require(request.user, "roles.manage_meetings", meeting.body)
    form = AgendaItemForm(request.POST, waiting=selectors.waiting_points(meeting))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_url(meeting))
    with refusals(form) as attempt:
        item = services.add_to_agenda(
            meeting_id=meeting.pk, dialogue_id=form.cleaned_data["dialogue"].pk, user=request.user
        )
        messages.success(
            request,
            _("“%(title)s” is item %(number)s on the agenda.")
            % {"title": item.dialogue.title, "number": item.number},
        )
    for error in [*attempt.reasons, *[e for es in form.errors.values() for e in es]]:
        messages.error(request, error)
    return redirect(_url(meeting))


@login_required
@require_POST
def agenda_remove(request, pk: int, item_pk: int):
    meeting = _meeting(request, pk)
    require(request.user, "roles.manage_meetings", meeting.body)
    if not meeting.agenda_items.filter(pk=item_pk).exists():
        raise Http404(_("There is no such agenda item."))
    with refusals() as attempt:
        services.remove_from_agenda(item_id=item_pk, user=request.user)
        messages.success(request, _("The point has been taken off the agenda."))
    for reason in attempt.reasons:
        messages.error(request, reason)
    return redirect(_url(meeting))


@login_required
def attendance(request, pk: int):
    meeting = _meeting(request, pk)
    require(request.user, "roles.manage_meetings", meeting.body)
    people, roles = selectors.politicians_of_meeting(meeting)
    form = AttendanceForm(
        request.POST or None,
        people=people,
        roles=roles,
        attendance=list(Attendance.objects.filter(meeting=meeting)),
        vice_chair_presided=meeting.vice_chair_presided,
    )
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            services.record_attendance(
                meeting_id=meeting.pk,
                user=request.user,
                rows=form.service_rows(),
                vice_chair_presided=form.cleaned_data["vice_chair_presided"],
            )
            messages.success(request, _("The attendance has been saved."))
            return redirect(_url(meeting))
    return render(
        request,
        "dialog/meetings/attendance.html",
        {"form": form, "meeting": meeting, "title": _("Attendance")},
        status=attempt.status,
    )


@login_required
def minutes(request, pk: int):
    meeting = _meeting(request, pk)
    require(request.user, "roles.manage_meetings", meeting.body)
    items = [row["item"] for row in selectors.agenda(meeting) if row["decision"] is None]
    form = MinutesForm(request.POST or None, items=items)
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            services.record_minutes(
                meeting_id=meeting.pk, user=request.user, outcomes=form.outcomes()
            )
            messages.success(request, _("The outcomes have been recorded from the minutes."))
            return redirect(_url(meeting))
    return render(
        request,
        "dialog/meetings/minutes.html",
        {
            "form": form,
            "meeting": meeting,
            "title": _("Record the minutes"),
            "reasons": attempt.reasons,
        },
        status=attempt.status,
    )


@login_required
def adjustment(request, pk: int):
    meeting = _meeting(request, pk)
    require(request.user, "roles.manage_meetings", meeting.body)
    initial = {}
    if meeting.adjusted_on:
        initial = {"adjusted_on": meeting.adjusted_on, "posted_on": meeting.posted_on}
    form = AdjustmentForm(request.POST or None, initial=initial)
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            services.record_adjustment(
                meeting_id=meeting.pk, user=request.user, **form.cleaned_data
            )
            messages.success(request, _("The justering and the anslag have been saved."))
            return redirect(_url(meeting))
    return render(
        request,
        "dialog/meetings/form.html",
        {"form": form, "meeting": meeting, "title": _("Justering and anslag")},
        status=attempt.status,
    )

"""The dialogue pages. Thin: permissions are `rules`, changes go through `dialog.services`.

Permissions are tested with `core.permissions` (`rules` only, as the services do), not
`user.has_perm`, so that a page offers exactly what the service will accept.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import can, require
from core.views import add_errors as _add_errors
from core.views import permission_denied, refusals, refused
from roles.rules import is_clerk, is_official, is_politician

from . import delegation, meeting_selectors, next_step, policy, selectors, services
from .filters import DialogueFilter
from .forms import (
    ActionForm,
    ChangedDocumentsForm,
    CreateDialogueForm,
    MandateForm,
    ResponsibilityForm,
)
from .models import STEPS, Dialogue, Mandate, State

# The step pages import these from here; the governance tests' URL conf names permission_denied.
__all__ = ["_add_errors", "can", "permission_denied", "refused", "require"]

# -- Helpers ---------------------------------------------------------------------------


def _load(pk: int) -> Dialogue:
    try:
        return selectors.dialogue_detail(pk)
    except Dialogue.DoesNotExist as exc:
        raise Http404(_("There is no such dialogue.")) from exc


def _load_viewable(request, pk: int) -> Dialogue:
    dialogue = _load(pk)
    require(request.user, "dialog.view_dialogue", dialogue)
    return dialogue


# -- Dashboard and list ------------------------------------------------------------------


@login_required
def dashboard(request):
    user = request.user
    context = {
        "is_official": is_official(user),
        "is_politician": is_politician(user),
        "is_clerk": is_clerk(user),
        "can_view": can(user, "dialog.view_dialogue"),
    }
    # Each list shows its first rows and how many there are; "show all" opens the dialogue
    # list filtered the same way (DialogueFilter's `show`).
    context.update(
        selectors.dashboard(
            user,
            limit=settings.DASHBOARD_ROWS,
            official=context["is_official"],
            politician=context["is_politician"],
            clerk=context["is_clerk"],
            counts=context["can_view"],
        )
    )
    return render(request, "dialog/dashboard.html", context)


@login_required
def dialogue_list(request):
    require(request.user, "dialog.view_dialogue")
    queryset = Dialogue.objects.order_by("-created_at", "-pk")
    filterset = DialogueFilter(request.GET or None, queryset=queryset, request=request)
    if not filterset.is_bound:
        rows = queryset
    else:
        rows = filterset.qs if filterset.is_valid() else queryset.none()
    # Pages of ids, read from the list's index alone; the rows and their joins are fetched for
    # the page's ids only (an OFFSET over joined rows joins every row it skips).
    paginator = Paginator(rows.values_list("pk", flat=True), settings.DIALOGUES_PER_PAGE)
    used = {k for k, v in request.GET.items() if k != "page" and v}
    if not used or (used == {"state"} and filterset.is_valid()):
        # All dialogues or those of one state: the number is known without counting them.
        paginator.count = selectors.dialogue_total(state=request.GET.get("state", ""))
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = (
        selectors.dialogue_list().filter(pk__in=page.object_list).order_by("-created_at", "-pk")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "filtered": bool(used),
    }
    partial = bool(request.htmx) and not request.htmx.boosted
    template = "dialog/_results.html" if partial else "dialog/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


# -- The dialogue page -----------------------------------------------------------------


_STEP_SECTIONS = {
    State.INITIATIVE: "initiative",
    State.MANDATE_DECISION: "mandate",
    State.PLANNING: "planning",
    State.LAUNCH_DECISION: "decisions",
    State.EXECUTION: "execution",
    State.COMPILATION: "compilation",
    State.FEEDBACK: "feedback",
    State.PROCESSING: "processing",
    State.DECISION: "decisions",
}


def _stepper(dialogue: Dialogue) -> list[dict]:
    """The nine steps marked done / current / upcoming, or where an ended dialogue stopped."""
    if dialogue.state in STEPS:
        current = STEPS.index(dialogue.state)
        stopped = None
    elif dialogue.state == State.CLOSED:
        current, stopped = len(STEPS), None
    else:
        # Rejected or cancelled: the step it left is the source of the entry that ended it.
        ending = next(
            (t for t in reversed(dialogue.transitions.all()) if t.target == dialogue.state), None
        )
        stopped = STEPS.index(ending.source) if ending and ending.source in STEPS else 0
        current = None
    steps = []
    for index, state in enumerate(STEPS):
        if stopped is not None:
            status = "done" if index < stopped else "stopped" if index == stopped else "skipped"
        else:
            status = "done" if index < current else "current" if index == current else "upcoming"
        steps.append(
            {
                "number": index + 1,
                "label": state.label,
                "status": status,
                # Steps reached so far link to their section of the page.
                "anchor": _STEP_SECTIONS[state] if status in ("done", "current", "stopped") else "",
            }
        )
    return steps


@login_required
def dialogue_detail(request, pk: int):
    dialogue = _load_viewable(request, pk)
    user = request.user
    mandate = getattr(dialogue, "mandate", None)
    assignments = list(dialogue.assignments.all())
    actions = services.available_actions(dialogue=dialogue, user=user)
    available, unavailable = next_step.shown_actions(actions)
    steps = _stepper(dialogue)
    timeline = [
        {
            "entry": entry,
            "action": services.transition_label(entry.transition),
            "source": State(entry.source).label,
            "target": State(entry.target).label,
        }
        for entry in dialogue.transitions.all()
    ]
    context = {
        "dialogue": dialogue,
        "mandate": mandate,
        "mandate_fields": [
            (Mandate._meta.get_field(name).verbose_name, getattr(mandate, name, ""))
            for name in MandateForm._meta.fields
        ],
        "steps": steps,
        "ended": dialogue.state in (State.REJECTED, State.CANCELLED),
        "politicians": [a.person for a in assignments if a.role == "politician"],
        "experts": [a.person for a in assignments if a.role == "expert"],
        "communicators": [a.person for a in assignments if a.role == "communicator"],
        "decisions": list(dialogue.decisions.all()),
        "timeline": timeline,
        "actions": actions,
        # Not listed: the actions the user has no permission for (issue 14); the service still
        # refuses them on POST. Those not possible now are grouped by their reasons.
        "available": available,
        "unavailable": unavailable,
        "next_step": next_step.next_step(dialogue, user, actions),
        "section_status": next_step.step_status(dialogue, steps),
        "can_edit_initiative": can(user, "dialog.edit_initiative", dialogue),
        "can_edit_responsibility": can(user, "dialog.edit_responsibility", dialogue),
        "can_register": can(user, "dialog.register_case", dialogue),
        # The policy profile's rules, the governing and changed steering documents (issue 3, 4).
        "rules": policy.page_context(dialogue),
        "governing_documents": list(dialogue.governing_documents.all()),
        "changed_documents": list(dialogue.changed_documents.all()),
        "link_form": ChangedDocumentsForm(dialogue=dialogue)
        if can(user, "dialog.link_documents", dialogue)
        else None,
    }
    return render(request, "dialog/detail.html", context)


@login_required
@require_POST
def link_documents(request, pk: int):
    """Link the steering documents the dialogue's decision changes."""
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.link_documents", dialogue)
    form = ChangedDocumentsForm(request.POST, dialogue=dialogue)
    if form.is_valid():
        try:
            services.set_changed_documents(
                dialogue_id=dialogue.pk, user=request.user, documents=form.cleaned_data["documents"]
            )
        except services.PermissionRefused as exc:
            return refused(request, exc.reasons)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The linked steering documents have been saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(dialogue)


# -- Creating and editing --------------------------------------------------------------


@login_required
def dialogue_create(request):
    require(request.user, "dialog.add_dialogue")
    form = CreateDialogueForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                dialogue = services.create_dialogue(user=request.user, data=form.content())
            except services.PermissionRefused as exc:
                return refused(request, exc.reasons)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The dialogue “%(title)s” has been created.") % {"title": dialogue.title},
                )
                return redirect(dialogue)
        status = 400
    return render(
        request,
        "dialog/create.html",
        {"form": form, "title": _("New dialogue")},
        status=status,
    )


@login_required
def edit_responsibility(request, pk: int):
    dialogue = _load_viewable(request, pk)
    require(request.user, "dialog.edit_responsibility", dialogue)
    form = ResponsibilityForm(request.POST or None, dialogue=dialogue)
    attempt = refusals(form)
    if request.method == "POST" and form.is_valid():
        with attempt:
            services.set_responsibility(
                dialogue_id=dialogue.pk, user=request.user, **form.cleaned_data
            )
            messages.success(request, _("The responsibilities have been saved."))
            return redirect(dialogue)
        if attempt.reasons:
            form.add_error(None, attempt.reasons)
    return render(
        request,
        "dialog/responsibility.html",
        {"dialogue": dialogue, "form": form, "title": _("Responsibility")},
        status=attempt.status,
    )


# -- Actions ---------------------------------------------------------------------------

_TRANSITION_NAMES = frozenset(
    t.name for t in Dialogue._meta.get_field("state").get_all_transitions(Dialogue)
)


@login_required
def dialogue_action(request, pk: int, name: str):
    if name not in _TRANSITION_NAMES:
        raise Http404
    dialogue = _load_viewable(request, pk)
    action = services.action_for(dialogue=dialogue, user=request.user, name=name)
    context = {"dialogue": dialogue, "action": action, "missing": [], "conflict": []}
    if action is None:
        # Not possible from where the dialogue stands (someone moved it on, or an old link).
        context["conflict"] = [
            _("“%(action)s” is not possible while the dialogue is at “%(state)s”.")
            % {"action": services.transition_label(name), "state": dialogue.get_state_display()}
        ]
        context["title"] = services.transition_label(name)
        return render(request, "dialog/action.html", context, status=409)
    context["title"] = action.label
    bodies = policy.choosable_bodies(dialogue, request.user) if action.records_decision else []
    context["deciding_body_name"] = " / ".join(b.name for b in bodies)
    # Solna: the official notes the politicians' stance or the presentation, not a decision.
    information = action.records_decision and policy.records_information(dialogue, request.user)
    context["stance"] = information and policy.records_stance(dialogue, request.user)
    context["information"] = information
    # Not the body's secretary but its delegate or chair: their own form of decision (issue 12).
    own_form = (
        request.method != "POST"
        and action.records_decision
        and not information
        and not policy.bodies_user_records_for(dialogue, request.user)
    )
    if own_form and delegation.delegation_for(request.user, dialogue) is not None:
        return redirect("dialog:decide_by_delegation", dialogue.pk, name)
    if own_form and delegation.urgent_body(request.user, dialogue) is not None:
        return redirect("dialog:decide_urgently", dialogue.pk, name)
    form = ActionForm(
        request.POST or None,
        action=action,
        meetings=meeting_selectors.meetings_to_record_at(dialogue, request.user),
        information=information,
        initial={"expected_state": dialogue.state},
    )
    context["form"] = form
    if request.method != "POST":
        return render(request, "dialog/action.html", context)
    if action.refused:
        # Not the user's to do: refused with the reason before the form is read.
        return render(request, "dialog/action.html", context, status=403)
    if not form.is_valid():
        return render(request, "dialog/action.html", context, status=400)
    text = form.text_field or "comment"
    aliases = {"comment": text, "text": text}
    if form.kind == "meeting":
        # A meeting decision is dated the day of its meeting.
        aliases["decided_on"] = "meeting"
        run = services.decide_at_meeting
    elif form.kind == "information":
        aliases["decided_on"] = "informed_on"
        run = services.note_information
    else:
        run = services.run_transition
    with refusals(form, aliases=aliases) as attempt:
        moved = run(dialogue_id=dialogue.pk, name=name, user=request.user, **form.service_kwargs())
    if attempt.failed:
        context["missing"] = attempt.missing
        context["conflict"] = attempt.conflict or attempt.refused
        return render(request, "dialog/action.html", context, status=attempt.status)
    messages.success(
        request,
        _("Done: “%(action)s”. The dialogue is now at “%(state)s”.")
        % {"action": action.label, "state": moved.get_state_display()},
    )
    return redirect(moved)

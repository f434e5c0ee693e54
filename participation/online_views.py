"""The online form's pages.

Public (under /medborgare/ and /en/medborgare/): the form a resident fills in and the thanks
page. Never cached (a CSRF token and the resident's own input are on them), without JavaScript,
rate-limited per client address on the shared cache; every refusal is a page with a Swedish
(or English) message and a 4xx, never a 500.

Staff (under /publicering/<dialogue>/webbformular/): setting the form up, its questions and
options, opening and closing it, the moderation queue, and the counts per question.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from core.errors import Conflict
from core.net import client_ip
from core.permissions import can, require
from core.views import refusals
from dialog.models import Dialogue

from . import online_selectors as selectors
from . import online_services as services
from .models import Question, Submission
from .online_forms import HideForm, OnlineFormSettings, OptionForm, QuestionForm, ViewForm
from .templatetags.public_tags import public_reverse

MANAGE = services.MANAGE
MODERATE = services.MODERATE

# After a view is stored, a cookie on the form's own address remembers for a while that this
# browser sent one: the back button reloads the form (it is never cached) with a new token and
# the browser fills the old answer in again, so without it the same view would be stored twice.
# It holds a random value, nothing about the view; the link to another answer carries the same
# value, so an older page in the history never offers a fresh form again.
SENT_COOKIE = "view_sent"
SENT_COOKIE_SECONDS = 30 * 60


def _language(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _client_key(group, request) -> str:
    return client_ip(request) or "unknown"


def _rate(group, request) -> str:
    """Posts one address may make to the online forms: ONLINE_VIEW_RATE, e.g. "10/h"."""
    return getattr(settings, "ONLINE_VIEW_RATE", "10/h")


def _public_context(language: str, name: str, pk: int) -> dict:
    other = "en" if language == "sv" else "sv"
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "contact_email": settings.PUBLIC_CONTACT_EMAIL,
        "other_language": {
            "code": other,
            "label": "English" if other == "en" else "Svenska",
            "url": public_reverse(name, pk, language=other),
        },
        "login_url": reverse("login"),
        "english": language == "en",
    }


def _public(request, template, context, *, language, pk, status=200, name="online_form"):
    response = render(
        request, template, {**_public_context(language, name, pk), **context}, status=status
    )
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


def _form_url(pk: int, language: str) -> str:
    return public_reverse("online_form", pk, language=language)


def _another_url(request, pk: int, language: str) -> str:
    """A fresh form with a new token, for a resident who wants to give another answer."""
    sent = request.COOKIES.get(SENT_COOKIE, "")
    return f"{_form_url(pk, language)}?ny={sent}" if sent else _form_url(pk, language)


def _remember_sent(request, response, pk: int, language: str):
    response.set_cookie(
        SENT_COOKIE,
        uuid.uuid4().hex,
        max_age=SENT_COOKIE_SECONDS,
        path=_form_url(pk, language),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def _shows_received(request) -> bool:
    """A GET of the form that should say the view is already received: after a post sent
    again, or the form reached again (back button) while the cookie says a view was sent,
    unless through the link to another answer made after that view."""
    if request.GET.get("mottagen"):
        return True
    sent = request.COOKIES.get(SENT_COOKIE, "")
    return bool(sent) and request.GET.get("ny") != sent


def _posted_again(request, pk: int, language: str):
    """The answer to a form sent again: 303 to the page saying the view is already received,
    so that reloading it posts nothing."""
    response = redirect(f"{_form_url(pk, language)}?mottagen=1")
    response.status_code = 303
    if not request.COOKIES.get(SENT_COOKIE):
        _remember_sent(request, response, pk, language)
    return response


@require_http_methods(["GET", "POST"])
@ratelimit(key=_client_key, rate=_rate, method="POST", block=False, group="online_view")
def give_view(request, pk: int, language="sv"):
    """The online form: GET shows it (or why it cannot be answered now), POST stores a view."""
    language = _language(language)
    with translation.override(language):
        if not selectors.is_published(pk):
            raise Http404("No published dialogue")
        form = selectors.form_of(pk)
        if form is None:
            raise Http404("No online form")
        dialogue = form.dialogue
        context = {"dialogue": dialogue, "online_form": form}
        # A form sent again stores nothing, whatever else holds now (closed, rate-limited):
        # the resident is told the view was received, not refused.
        if request.method == "POST" and services.already_received(
            dialogue_id=pk, token=request.POST.get("token", "")
        ):
            return _posted_again(request, pk, language)
        if request.method == "GET" and _shows_received(request):
            context["resent"] = bool(request.GET.get("mottagen"))
            context["another_url"] = _another_url(request, pk, language)
            return _public(
                request, "participation/online/received.html", context, language=language, pk=pk
            )
        if request.method == "POST" and getattr(request, "limited", False):
            context["refusal"] = _(
                "You have sent many views in a short time. Wait an hour and try again, or "
                "write to us by e-mail."
            )
            return _public(
                request,
                "participation/online/refused.html",
                context,
                language=language,
                pk=pk,
                status=429,
            )
        refusal = services.form_refusal(form, True)
        if refusal:
            context["refusal"] = refusal
            status = 409 if request.method == "POST" else 200
            return _public(
                request,
                "participation/online/refused.html",
                context,
                language=language,
                pk=pk,
                status=status,
            )
        questions = list(form.questions.all())
        if request.method == "POST":
            view_form = ViewForm(request.POST, online_form=form, questions=questions)
            honeypot = request.POST.get("website", "")
            if honeypot:
                context["refusal"] = _(
                    "Your view could not be received: a field meant to stay empty was filled "
                    "in. If you are not a robot, empty it and send again."
                )
                return _public(
                    request,
                    "participation/online/refused.html",
                    context,
                    language=language,
                    pk=pk,
                    status=400,
                )
            attempt = refusals(view_form, aliases={})
            if view_form.is_valid():
                with attempt:
                    _submission, stored = services.submit(
                        dialogue_id=pk,
                        token=view_form.cleaned_data["token"],
                        answers=view_form.answers(),
                        email=view_form.cleaned_data["email"],
                    )
                    if not stored:  # the same form, sent twice at once
                        return _posted_again(request, pk, language)
                    # Post, redirect, get: reloading the thanks page posts nothing.
                    response = redirect(public_reverse("online_thanks", pk, language=language))
                    return _remember_sent(request, response, pk, language)
            if attempt.conflict:
                context["refusal"] = attempt.conflict[0]
                return _public(
                    request,
                    "participation/online/refused.html",
                    context,
                    language=language,
                    pk=pk,
                    status=409,
                )
            status = 400
        else:
            view_form = ViewForm(
                initial={"token": uuid.uuid4()}, online_form=form, questions=questions
            )
            status = 200
        context["form"] = view_form
        return _public(
            request,
            "participation/online/form.html",
            context,
            language=language,
            pk=pk,
            status=status,
        )


def thanks(request, pk: int, language="sv"):
    language = _language(language)
    with translation.override(language):
        if not selectors.is_published(pk):
            raise Http404("No published dialogue")
        dialogue = get_object_or_404(Dialogue.objects.only("pk", "title"), pk=pk)
        return _public(
            request,
            "participation/online/thanks.html",
            {"dialogue": dialogue, "another_url": _another_url(request, pk, language)},
            language=language,
            pk=pk,
            name="online_thanks",
        )


# -- Staff -------------------------------------------------------------------------------------


def _staff_dialogue(request, pk: int) -> Dialogue:
    dialogue = get_object_or_404(
        Dialogue.objects.select_related("body").prefetch_related("assignments"), pk=pk
    )
    require(request.user, "dialog.view_dialogue", dialogue)
    return dialogue


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def setup(request, pk: int):
    """The form's texts, dates and background questions; its questions; open and close."""
    dialogue = _staff_dialogue(request, pk)
    online_form = selectors.form_of(pk)
    may_manage = can(request.user, MANAGE, dialogue)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    settings_form = OnlineFormSettings(
        request.POST if action == "save" else None, instance=online_form
    )
    question_form = QuestionForm(request.POST if action == "add_question" else None)
    attempt = refusals(question_form if action == "add_question" else settings_form)
    if action:
        require(request.user, MANAGE, dialogue)
        done = _("The online form has been saved.")
        with attempt:
            if action == "save":
                if settings_form.is_valid():
                    services.save_form(
                        dialogue_id=pk, user=request.user, **settings_form.cleaned_data
                    )
                    messages.success(request, done)
                    return redirect("publishing:online_form", pk=pk)
            elif action == "add_question":
                if question_form.is_valid():
                    question = services.save_question(
                        dialogue_id=pk, user=request.user, **question_form.cleaned_data
                    )
                    messages.success(request, _("The question has been added."))
                    if question.is_choice:
                        return redirect("publishing:online_question", pk=pk, question=question.pk)
                    return redirect("publishing:online_form", pk=pk)
            elif action in ("open", "close"):
                run = services.open_form if action == "open" else services.close_form
                run(dialogue_id=pk, user=request.user)
                messages.success(
                    request,
                    _("The online form is open.")
                    if action == "open"
                    else _("The online form is closed."),
                )
                return redirect("publishing:online_form", pk=pk)
            elif action in ("up", "down", "delete_question"):
                question_id = _int(request.POST.get("question"))
                if action == "delete_question":
                    services.delete_question(
                        dialogue_id=pk, user=request.user, question_id=question_id
                    )
                    messages.success(request, _("The question has been removed."))
                else:
                    services.move_question(
                        dialogue_id=pk,
                        user=request.user,
                        question_id=question_id,
                        direction=action,
                    )
                return redirect("publishing:online_form", pk=pk)
            else:
                attempt.refused = [_("Unknown action.")]
        online_form = selectors.form_of(pk)
    context = {
        "dialogue": dialogue,
        "online_form": online_form,
        "questions": list(online_form.questions.all()) if online_form else [],
        "settings_form": settings_form,
        "question_form": question_form,
        "may_manage": may_manage,
        "published": selectors.is_published(pk),
        "counts": selectors.status_counts(pk) if online_form else None,
        "public_url": public_reverse("online_form", pk, language="sv"),
        "accepts": online_form is not None and not services.form_refusal(online_form, True),
        "attempt": attempt,
        "title": _("Online form"),
    }
    return render(
        request,
        "participation/online/setup.html",
        context,
        status=attempt.status if action else 200,
    )


@login_required
def question(request, pk: int, question: int):
    """One question: its text and kind, and a choice question's options."""
    dialogue = _staff_dialogue(request, pk)
    online_form = selectors.form_of(pk)
    found = next(
        (q for q in (online_form.questions.all() if online_form else []) if q.pk == question), None
    )
    if found is None:
        raise Http404("No such question")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    question_form = QuestionForm(request.POST if action == "save" else None, instance=found)
    option_form = OptionForm(request.POST if action == "add_option" else None)
    attempt = refusals(option_form if action == "add_option" else question_form)
    here = reverse("publishing:online_question", args=[pk, question])
    if action:
        require(request.user, MANAGE, dialogue)
        with attempt:
            if action == "save":
                if question_form.is_valid():
                    services.save_question(
                        dialogue_id=pk,
                        user=request.user,
                        question_id=question,
                        **question_form.cleaned_data,
                    )
                    messages.success(request, _("The question has been saved."))
                    return redirect(here)
            elif action == "add_option":
                if option_form.is_valid():
                    services.save_option(
                        dialogue_id=pk,
                        user=request.user,
                        question_id=question,
                        text=option_form.cleaned_data["text"],
                    )
                    return redirect(here)
            elif action in ("rename_option", "delete_option", "up", "down"):
                option_id = _int(request.POST.get("option"))
                if action == "rename_option":
                    services.save_option(
                        dialogue_id=pk,
                        user=request.user,
                        question_id=question,
                        option_id=option_id,
                        text=request.POST.get("text", ""),
                    )
                elif action == "delete_option":
                    services.delete_option(
                        dialogue_id=pk,
                        user=request.user,
                        question_id=question,
                        option_id=option_id,
                    )
                else:
                    services.move_option(
                        dialogue_id=pk,
                        user=request.user,
                        question_id=question,
                        option_id=option_id,
                        direction=action,
                    )
                return redirect(here)
            else:
                attempt.refused = [_("Unknown action.")]
        if isinstance(attempt.error, ValidationError) and action == "rename_option":
            attempt.refused = [
                message
                for messages_ in attempt.error.message_dict.values()
                for message in messages_
            ]
        online_form = selectors.form_of(pk)
        found = next(q for q in online_form.questions.all() if q.pk == question)
    context = {
        "dialogue": dialogue,
        "online_form": online_form,
        "question": found,
        "options": list(found.options.all()),
        "question_form": question_form,
        "option_form": option_form,
        "may_manage": can(request.user, MANAGE, dialogue),
        "attempt": attempt,
        "title": _("Question in the online form"),
    }
    return render(
        request,
        "participation/online/question.html",
        context,
        status=attempt.status if action else 200,
    )


@login_required
def moderation(request, pk: int):
    """The views given online, by status; accept, accept as off-topic, or hide with a reason."""
    dialogue = _staff_dialogue(request, pk)
    online_form = selectors.form_of(pk)
    if online_form is None:
        raise Http404("No online form")
    status = request.GET.get("status", Submission.Status.PENDING)
    if status not in Submission.Status.values:
        status = Submission.Status.PENDING
    attempt = refusals()
    hide_form = None
    hide_for = None
    if request.method == "POST":
        require(request.user, MODERATE, dialogue)
        action = request.POST.get("action", "")
        submission_id = _int(request.POST.get("submission"))
        if action == "hide":
            hide_form = HideForm(request.POST)
            hide_for = submission_id
            attempt = refusals(hide_form, aliases={"reason": "reason"})
        with attempt:
            if submission_id is None:
                raise Conflict(_("The view is not one of this dialogue's."))
            if action in ("accept", "off_topic"):
                services.accept(
                    dialogue_id=pk,
                    submission_id=submission_id,
                    user=request.user,
                    off_topic=action == "off_topic",
                )
                messages.success(
                    request,
                    _("The view has been accepted into the input register.")
                    if action == "accept"
                    else _("The view has been accepted as off-topic."),
                )
                return redirect(
                    f"{reverse('publishing:online_moderation', args=[pk])}?status={status}"
                )
            if action == "hide":
                if hide_form.is_valid():
                    services.hide(
                        dialogue_id=pk,
                        submission_id=submission_id,
                        user=request.user,
                        reason=hide_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("The view has been hidden."))
                    return redirect(
                        f"{reverse('publishing:online_moderation', args=[pk])}?status={status}"
                    )
            else:
                attempt.refused = [_("Unknown action.")]
    page = selectors.queue(pk, status, request.GET.get("page"))
    context = {
        "dialogue": dialogue,
        "online_form": online_form,
        "status": status,
        "statuses": Submission.Status.choices,
        "counts": selectors.status_counts(pk),
        "page": page,
        "may_moderate": can(request.user, MODERATE, dialogue),
        "hide_form": hide_form,
        "hide_for": hide_for,
        "attempt": attempt,
        "title": _("Views given online"),
    }
    return render(
        request,
        "participation/online/moderation.html",
        context,
        status=attempt.status if request.method == "POST" else 200,
    )


@login_required
def results(request, pk: int):
    """The counts per question of the accepted views, as SVG bar charts and as tables."""
    dialogue = _staff_dialogue(request, pk)
    online_form = selectors.form_of(pk)
    found = None
    if online_form is not None:
        found = selectors.results(
            online_form,
            titles={
                "age": _("Age group"),
                "area": _("Area"),
                "respondent": _("Who answered"),
            },
        )
    context = {
        "dialogue": dialogue,
        "online_form": online_form,
        "results": found,
        "counts": selectors.status_counts(pk) if online_form else None,
        "title": _("Online answers per question"),
        "kinds": Question.Kind,
    }
    return render(request, "participation/online/results.html", context)
